#!/bin/sh
# refresh.sh: `dateline refresh` and `dateline feeds` against tests/httpd.py
# on 127.0.0.1: formats and charsets, conditional GET, gzip, a changing
# feed, every kind of failure, backoff, exit statuses and the lock.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
URLS="$XDG_CONFIG_HOME/dateline/urls"
LOG="$T_TMP/httpd.log"
# Short transfers so that the trickle times out quickly.
DATELINE_TIMEOUT_MS=2000
export DATELINE_TIMEOUT_MS

# srv_start: serve $WWW, logging to $LOG; sets PORT and B (base URL).
srv_start() {
	t_httpd_start "$WWW" --log "$LOG"
}

# py EXPR: evaluate EXPR with d = the JSON on stdin, print the result.
py() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

# t_eq NAME GOT WANT
t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_bad "$1: got '$2', wanted '$3'"; fi
}

# items_json [ARGS]: `dateline items --json ARGS` into $T_TMP/items.json
items_json() {
	"$DATELINE" items --json "$@" >"$T_TMP/items.json" 2>"$T_TMP/items.err"
}
feeds_json() { "$DATELINE" feeds --json >"$T_TMP/feeds.json"; }
# feed_field URL KEY: one field of a feed in feeds --json
feed_field() {
	py "[f['$2'] for f in d if f['url'] == '$1'][0]" <"$T_TMP/feeds.json"
}

mkdir -p "$WWW" "$(dirname "$URLS")"
cp "$DATA"/refresh/* "$WWW"/
cp "$WWW/change-1.xml" "$WWW/change.xml"
cp "$WWW/rss.xml" "$WWW/keep.xml"
srv_start

cat >"$URLS" <<EOF
# refresh.sh subscriptions
$B/rss.xml news
$B/atom.atom "~Peaks"
$B/euckr.rss?charset=euc-kr
$B/change.xml !
$B/keep.xml
$B/nope.xml
$B/gone.xml
$B/busy.xml
$B/moved.xml
$B/redirect?code=302&to=file:///etc/passwd
$B/rss.xml?trickle=200
$B/big?bytes=17000000&gzip=1
$B/page.html
$B/broken.xml
EOF

# --- first refresh: everything at once ---
t_run refresh
t_expect_rc "first refresh, some feeds ok" 0
t_grep "summary counts feeds, stories, errors" "$T_TMP/out" \
	'^refreshed 14 feeds: 15 new stories, 7 errors$'
[ "$(t_lines "$T_TMP/out")" = 1 ] && t_ok "one summary line" ||
	t_bad "stdout: $(cat "$T_TMP/out")"
grep -q refreshing "$T_TMP/err" && t_bad "progress line off a terminal" ||
	t_ok "no progress line off a terminal"
t_grep "404 names the feed" "$T_TMP/err" "^$B/nope.xml: HTTP 404 Not Found$"
t_grep "410 reported" "$T_TMP/err" "^$B/gone.xml: HTTP 410 Gone$"
t_grep "429 with Retry-After" "$T_TMP/err" \
	"^$B/busy.xml: HTTP 429 Too Many Requests \(retry after 7200 s\)$"
t_grep "redirect to file:// refused" "$T_TMP/err" \
	"^$B/redirect\?code=302&to=file:///etc/passwd: .*non-http.*refused"
t_grep "slow trickle times out" "$T_TMP/err" \
	"^$B/rss.xml\?trickle=200: timeout"
t_grep "oversize body refused" "$T_TMP/err" \
	"^$B/big\?bytes=17000000&gzip=1: .*too large"
t_grep "HTML page is not a feed, and says what it holds" "$T_TMP/err" \
	"^$B/page.html: not a feed, and the page advertises no feed and links to only 0 stories \(a hub needs 3\)$"
t_grep "broken feed: warning with line:col" "$T_TMP/err" \
	"^$B/broken.xml: warning: damaged feed, kept 2 items: parse error at 9:[0-9]+: mismatched tag \(item skipped\)$"
t_grep "301 noted" "$T_TMP/err" \
	"^$B/moved.xml: moved permanently to $B/moved-new.xml$"

items_json
t_eq "15 items stored" "$(py 'len(d)' <"$T_TMP/items.json")" 15
t_eq "RSS titles" "$(py "sorted(i['title'] for i in d if i['feed'] == '$B/rss.xml')" \
	<"$T_TMP/items.json")" "['Container traffic up for a third month', \
'New ferry route opens to the islands', 'Typhoon warning lifted for the southern ports']"
t_eq "Atom titles" "$(py "sorted(i['title'] for i in d if i['feed'] == '$B/atom.atom')" \
	<"$T_TMP/items.json")" "['Snow arrives early on the northern ridge', \
'Trail repairs finished before the holiday']"
t_eq "EUC-KR from the HTTP header" "$(py "sorted(i['title'] for i in d if 'euckr' in i['feed'])" \
	<"$T_TMP/items.json")" "['서울에 태풍 경보 발령', '지하철 새 노선 개통']"
t_eq "EUC-KR feed title" "$(py "[i['feed_title'] for i in d if 'euckr' in i['feed']][0]" \
	<"$T_TMP/items.json")" "서울 속보"
t_eq "broken feed keeps the items before the damage" \
	"$(py "sorted(i['title'] for i in d if 'broken' in i['feed'])" \
	<"$T_TMP/items.json")" "['First intact story', 'Second intact story']"
t_eq "301 target's items under the subscribed URL" \
	"$(py "[i['title'] for i in d if i['feed'] == '$B/moved.xml']" \
	<"$T_TMP/items.json")" "['We have a new address']"
size=$(wc -c <"$WWW/rss.xml")
sent=$(awk '$2 == "/rss.xml" && $3 == 200 { print $4 }' "$LOG")
[ -n "$sent" ] && [ "$sent" -lt "$size" ] &&
	t_ok "gzip: $sent bytes on the wire for $size" ||
	t_bad "gzip: sent '$sent' for $size"

# --- feeds ---
feeds_json
t_eq "feeds lists every subscription" "$(py 'len(d)' <"$T_TMP/feeds.json")" 14
t_eq "410 -> dead" "$(feed_field "$B/gone.xml" dead)" True
t_eq "301 -> moved_to" "$(feed_field "$B/moved.xml" moved_to)" "$B/moved-new.xml"
t_eq "~Title wins" "$(feed_field "$B/atom.atom" title)" Peaks
t_eq "feed's own title" "$(feed_field "$B/rss.xml" title)" "Harbour Wire"
t_eq "tags" "$(feed_field "$B/rss.xml" tags)" "['news']"
t_eq "hidden" "$(feed_field "$B/change.xml" hidden)" True
t_eq "unread/total" "$(feed_field "$B/rss.xml" unread)/$(feed_field "$B/rss.xml" total)" 3/3
t_eq "last_error" "$(feed_field "$B/nope.xml" last_error)" "HTTP 404 Not Found"
t_eq "last_status" "$(feed_field "$B/busy.xml" last_status)" 429
t_eq "429 backoff honours Retry-After" "$(py "[f for f in d if f['url'] == '$B/busy.xml'][0]" \
	<"$T_TMP/feeds.json" | python3 -c "
import sys, datetime, ast
f = ast.literal_eval(sys.stdin.read())
p = lambda s: datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ')
print((p(f['next_refresh']) - p(f['last_refresh'])).total_seconds() >= 7200)")" True
"$DATELINE" feeds >"$T_TMP/feeds.txt"
t_grep "feeds: header" "$T_TMP/feeds.txt" '^UNREAD  TOTAL  LAST REFRESH +TITLE +URL +STATE$'
t_grep "feeds: ok row" "$T_TMP/feeds.txt" \
	"^     3      3  [0-9]{4}-[0-9-]{5}T[0-9:]{8}Z  Harbour Wire +$B/rss.xml +ok$"
t_grep "feeds: dead" "$T_TMP/feeds.txt" "$B/gone.xml +dead \(HTTP 410 Gone\)$"
t_grep "feeds: moved" "$T_TMP/feeds.txt" "$B/moved.xml +ok; moved to $B/moved-new.xml$"
t_grep "feeds: error and next try" "$T_TMP/feeds.txt" \
	"$B/nope.xml +error: HTTP 404 Not Found; next try [0-9T:Z-]+$"
t_grep "feeds: hidden" "$T_TMP/feeds.txt" "$B/change.xml +ok; hidden$"
# col URL: the display column where URL starts (wide characters count 2)
col() {
	python3 -c "
import sys, unicodedata
for line in open(sys.argv[1], encoding='utf-8'):
    at = line.find(sys.argv[2])
    if at >= 0:
        print(sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1
                  for c in line[:at]))
        break" "$T_TMP/feeds.txt" "$1"
}
[ "$(col "$B/rss.xml")" = "$(col "$B/euckr.rss")" ] &&
	t_ok "feeds: URL column aligned after a Korean title" ||
	t_bad "feeds: URL columns $(col "$B/rss.xml") vs $(col "$B/euckr.rss")"

# --- second refresh: validators, 304, backoff ---
: >"$LOG"
t_run refresh
t_expect_rc "second refresh" 0
t_grep "nothing new" "$T_TMP/out" '^refreshed [0-9]+ feeds: 0 new stories, 0 errors \(7 skipped\)$'
for p in /rss.xml /atom.atom "/euckr.rss?charset=euc-kr" /keep.xml; do
	t_grep "304 with no body for $p" "$LOG" "^GET $(echo "$p" | sed 's/[?.]/\\&/g') 304 0 "
done
grep -q ' 200 ' "$LOG" && t_bad "a 200 on the second refresh: $(grep ' 200 ' "$LOG")" ||
	t_ok "no body fetched on the second refresh"
grep -q -e /busy.xml -e /gone.xml -e /nope.xml "$LOG" &&
	t_bad "backoff or dead feed polled" || t_ok "backoff and dead feeds not polled"
t_grep "skip says until when" "$T_TMP/err" "^$B/busy.xml: skipped until [0-9T:Z-]+, backing off after: HTTP 429"
t_grep "dead skip says so" "$T_TMP/err" "^$B/gone.xml: skipped: gone"
items_json
t_eq "still 15 items" "$(py 'len(d)' <"$T_TMP/items.json")" 15

# --- a feed that changes: new item, changed title keeps read state ---
items_json --feed "$B/change.xml"
id=$(py "[i['id'] for i in d if i['title'] == 'Bridge closed for repairs'][0]" <"$T_TMP/items.json")
t_run mark "$id" --read
t_run mark "$id" --save
cp "$WWW/change-2.xml" "$WWW/change.xml"
t_run refresh "$B/change.xml"
t_expect_rc "refresh of the changed feed" 0
t_grep "one new story" "$T_TMP/out" '^refreshed 1 feed: 1 new story, 0 errors$'
items_json --feed "$B/change.xml"
t_eq "changed item keeps id and state" "$(py "[(i['title'], i['read'], i['saved']) for i in d if i['id'] == $id]" \
	<"$T_TMP/items.json")" "[('Bridge reopened after repairs', True, True)]"
t_eq "three items in the changed feed" "$(py 'len(d)' <"$T_TMP/items.json")" 3

# --- exit statuses, forcing named feeds ---
t_run refresh "$B/nope.xml"
t_expect_rc "every feed failed" 1
t_grep "named feed forced past backoff" "$T_TMP/err" "^$B/nope.xml: HTTP 404 Not Found$"
t_grep "summary on failure" "$T_TMP/out" '^refreshed 1 feed: 0 new stories, 1 error$'
t_run refresh "$B/rss.xml" "$B/nope.xml"
t_expect_rc "one ok, one failed" 0
t_run refresh "$B/not-subscribed.xml"
t_expect_rc "unknown named URL" 2
t_grep "usage error names the URL" "$T_TMP/err" "not subscribed: $B/not-subscribed.xml"
t_run refresh --bogus
t_expect_rc "unknown option" 2

# --- a failed refresh never deletes stored items or their state ---
items_json --feed "$B/keep.xml"
k1=$(py "d[0]['id']" <"$T_TMP/items.json")
k2=$(py "d[1]['id']" <"$T_TMP/items.json")
"$DATELINE" mark "$k1" --read && "$DATELINE" mark "$k2" --save
snap() { items_json --feed "$B/keep.xml"; py "sorted((i['id'], i['title'], i['read'], i['saved']) for i in d)" <"$T_TMP/items.json"; }
before=$(snap)
cp "$WWW/page.html" "$WWW/keep.xml"
t_run refresh "$B/keep.xml"
t_expect_rc "keep.xml now HTML" 1
t_eq "not a feed keeps items and state" "$(snap)" "$before"
head -c 700 "$WWW/rss.xml" >"$WWW/keep.xml"
t_run refresh "$B/keep.xml"
t_expect_rc "keep.xml cut off (recovered)" 0
t_eq "damaged feed keeps items and state" "$(snap)" "$before"
rm "$WWW/keep.xml"
printf 'HTTP/1.1 500 Internal Server Error\n\noops\n' >"$WWW/keep.xml.http"
t_run refresh "$B/keep.xml"
t_expect_rc "keep.xml 500" 1
t_grep "500 in words" "$T_TMP/err" "^$B/keep.xml: HTTP 500 Internal Server Error$"
t_eq "HTTP error keeps items and state" "$(snap)" "$before"

# --- progress line on a terminal ---
if command -v script >/dev/null 2>&1; then
	script -qec "'$DATELINE' refresh '$B/rss.xml'" /dev/null \
		>"$T_TMP/tty" 2>&1 </dev/null
	t_grep "progress line on a terminal" "$T_TMP/tty" \
		"refreshing 1/1 · 0 new · 0 errors"
	t_grep "progress line cleared" "$T_TMP/tty" "$(printf '\r\033')\[K"
else
	t_ok "# skip: no script(1) for a terminal"
fi

# --- memory does not grow with the bytes streamed to the parser ---
# The same three items, then 12 MB of comments inside the channel: the
# peak RSS of the refresh may not follow the size (no body buffer).
python3 - "$WWW" <<'EOF'
import sys
head, tail = open(sys.argv[1] + "/rss.xml").read().split("<item>", 1)
pad = "<!-- %s -->\n" % ("padding " * 120)
with open(sys.argv[1] + "/padded.xml", "w") as fp:
    fp.write(head + pad * (12 * 1024 * 1024 // len(pad)) + "<item>" + tail)
EOF
# peak_kb URL: peak RSS in KB of `dateline refresh URL` on a fresh cache
peak_kb() {
	mkdir -p "$T_TMP/mem"
	echo "$1" >"$T_TMP/mem/urls"
	rm -f "$T_TMP/mem/db"*
	python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
		"$DATELINE" --config-dir "$T_TMP/mem" --db "$T_TMP/mem/db" refresh
}
if ldd "$DATELINE" 2>/dev/null | grep -q libasan; then
	t_ok "# skip: peak RSS under AddressSanitizer says nothing"
else
	small=$(peak_kb "$B/rss.xml")
	big=$(peak_kb "$B/padded.xml")
	[ -n "$small" ] && [ -n "$big" ] && [ "$big" -lt $((small + 4096)) ] &&
		t_ok "12 MB more streamed, peak RSS ${small} -> ${big} KB" ||
		t_bad "peak RSS ${small} KB for 3 KB, ${big} KB for 12 MB"
fi

# --- two refreshes at once ---
mkdir -p "$T_TMP/cfg2"
echo "$B/atom.atom?delay=3500" >"$T_TMP/cfg2/urls"
DATELINE_TIMEOUT_MS=10000 "$DATELINE" --config-dir "$T_TMP/cfg2" refresh \
	>"$T_TMP/first.out" 2>&1 &
first=$!
sleep 0.7
start=$(date +%s%N)
t_run refresh
end=$(date +%s%N)
t_expect_rc "second refresh while one runs" 1
t_grep "a second refresh names the first" "$T_TMP/err" \
	"^dateline refresh: dateline refresh \\(pid $first\\) is running on this cache"
waited=$(( (end - start) / 1000000 ))
[ "$waited" -ge 1900 ] && t_ok "waited ${waited} ms first" ||
	t_bad "gave up after ${waited} ms"
wait "$first"
rc=$?
t_eq "the first refresh completes" "$rc $(cat "$T_TMP/first.out")" \
	"0 refreshed 1 feed: 2 new stories, 0 errors"

# --- the config file: max-items retention; a bad line warns, the rest applies
mkdir -p "$T_TMP/cfg3"
cp "$DATA/settings/retain-1.xml" "$WWW/retain.xml"
echo "$B/retain.xml" >"$T_TMP/cfg3/urls"
printf 'set max-itmes 9\nset max-items 3\n' >"$T_TMP/cfg3/config"
retain() {
	"$DATELINE" --config-dir "$T_TMP/cfg3" --db "$T_TMP/retain.db" "$@"
}
retain refresh >"$T_TMP/out" 2>"$T_TMP/err"
t_grep "config warning names file and line" "$T_TMP/err" \
	"^dateline: $T_TMP/cfg3/config:1: unknown setting 'max-itmes' \\(did you mean 'max-items'\\?\\)\$"
cp "$DATA/settings/retain-2.xml" "$WWW/retain.xml"
retain refresh >"$T_TMP/out" 2>"$T_TMP/err"
t_eq "set max-items 3 keeps the 3 newest of 6" "$(retain items --json |
	py "[i['title'] for i in d]")" "['Story 6', 'Story 5', 'Story 4']"

# --- bodies wait their turn: with a budget of 1 byte one feed is read at a
# time, and a slow one holds the others back for at most 2 s, not until it
# ends (about 9 s here: slow.xml.http trickles its plain body, a byte every
# 8 ms, so that it is the first read). The others share its host.
mkdir -p "$T_TMP/cfg4"
for f in b1 b2; do cp "$DATA/refresh/rss.xml" "$WWW/$f.xml"; done
cat >"$T_TMP/cfg4/urls" <<EOF
$B/slow.xml
$B/b1.xml?delay=500
$B/b2.xml?delay=500
$B/euckr.rss?charset=euc-kr&delay=500
EOF
budget() {
	DATELINE_READ_BUDGET=1 DATELINE_TIMEOUT_MS=30000 "$DATELINE" \
	    --config-dir "$T_TMP/cfg4" --db "$T_TMP/budget.db" "$@"
}
budget refresh >"$T_TMP/b.out" 2>"$T_TMP/b.err" &
bpid=$!
sleep 4
t_eq "waiting feeds are read after 2 s, while the slow one trickles" \
	"$(budget items --json | py "len([i for i in d if 'slow' not in i['feed']])")" 8
wait "$bpid"
t_eq "every feed read, one at a time" "$? $(cat "$T_TMP/b.out")" \
	"0 refreshed 4 feeds: 11 new stories, 0 errors"

t_done
