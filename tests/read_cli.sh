#!/bin/sh
# read_cli.sh: `dateline read` and `dateline export-story` against
# tests/httpd.py on 127.0.0.1: the story page fetched once, extracted,
# cached and read again offline; --full again is a conditional GET
# (304 keeps the stored article); 404 and no-article pages fall back to the
# summary; full feed content is used without a fetch; Markdown export and
# safe slugs; prefetch-articles during refresh.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
CONF="$XDG_CONFIG_HOME/dateline"
URLS="$CONF/urls"
LOG="$T_TMP/httpd.log"
DATELINE_TIMEOUT_MS=3000
export DATELINE_TIMEOUT_MS

# srv_start [ARGS]: serve $WWW, logging to $LOG; sets PORT and B.
srv_start() {
	t_httpd_start "$WWW" --log "$LOG" "$@"
}

srv_stop() {
	t_httpd_stop
}

t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_bad "$1: got '$2', wanted '$3'"; fi
}

# t_nogrep NAME FILE REGEX: no line of FILE matches REGEX.
t_nogrep() {
	if grep -Eq -- "$3" "$2"; then
		t_bad "$1: /$3/ in $(basename "$2"): $(grep -E -- "$3" "$2" | head -3)"
	else t_ok "$1"; fi
}

# hits PATH: GET requests for PATH in the server log.
hits() { awk -v p="$1" '$1 == "GET" && $2 == p' "$LOG" | wc -l | tr -d ' '; }
# last PATH: "STATUS BYTES" of the last GET for PATH in the server log.
last() { awk -v p="$1" '$1 == "GET" && $2 == p { s = $3 " " $4 } END { print s }' "$LOG"; }

# item_id TITLE: the id of the item with that title.
item_id() {
	"$DATELINE" items --json | python3 -c "import json, sys
print([i['id'] for i in json.load(sys.stdin) if i['title'] == sys.argv[1]][0])" "$1"
}

# widest FILE: the most display columns of a line (python's wcwidth-free
# count is fine here: the fixtures are Latin text).
widest() {
	python3 -c "import sys
print(max(len(l.rstrip('\n')) for l in open(sys.argv[1], encoding='utf-8')))" "$1"
}

# setup [ARGS]: a fresh cache, and a server (httpd.py ARGS) serving the
# read fixtures.
setup() {
	rm -rf "$WWW" "$XDG_DATA_HOME" "$LOG"
	mkdir -p "$WWW" "$CONF"
	cp "$DATA"/read/*.html "$WWW"/
	srv_start "$@"
	sed "s|@BASE@|$B|g" "$DATA/read/feed.xml.in" >"$WWW/feed.xml"
	echo "$B/feed.xml" >"$URLS"
}

setup
t_run refresh
t_expect_rc "refresh the one-sentence feed" 0
WIRE=$(item_id "Harbour cranes return to work after the strike")
BLOG=$(item_id "Notes from a night ferry")
SPLIT=$(item_id "../Typhoon/.. warning: ports close")
MISSING=$(item_id "A story whose page is gone")
NOTHING=$(item_id "A topics page, not a story")
FULL=$(item_id "Lantern festival draws record crowds")
t_eq "refresh alone fetches no story page" "$(hits /story-wire.html)" 0

# --- first read: fetched, extracted, cached ---
t_run read "$WIRE" --width 60
t_expect_rc "read fetches the story page" 0
cp "$T_TMP/out" "$T_TMP/wire1"
t_grep "header: title" "$T_TMP/wire1" \
	'^Harbour cranes return to work after the strike$'
t_grep "header: feed, author, date" "$T_TMP/wire1" \
	'^Coast Wire · By Mina Park · 2024-03-05 09:30 UTC$'
t_grep "header: link" "$T_TMP/wire1" "^$B/story-wire.html$"
t_grep "first paragraph" "$T_TMP/wire1" '^BUSAN \(Coast Wire\) — Container cranes'
t_grep "paragraph after the ad" "$T_TMP/wire1" '^Shipping agents said the backlog'
t_grep "last paragraph" "$T_TMP/wire1" 'normal operations by the end of next'
t_grep "link reference" "$T_TMP/wire1" "^\[1\] $B/notice$"
t_nogrep "no nav, ads, related, share, comments, footer" "$T_TMP/wire1" \
	'Sport|Advertisement|Blue Gull|Related coverage|Share on|Comments|parcel|All rights|morning briefing'
w=$(widest "$T_TMP/wire1")
[ "$w" -le 60 ] && [ "$w" -gt 50 ] && t_ok "no line wider than 60 ($w)" ||
	t_bad "widest line $w columns, wanted 51-60"
[ "$(grep -c '' "$T_TMP/wire1")" -gt 20 ] && t_ok "the whole article" ||
	t_bad "short output: $(cat "$T_TMP/wire1")"
[ -s "$T_TMP/err" ] && t_bad "stderr: $(cat "$T_TMP/err")" ||
	t_ok "nothing on stderr"
t_eq "page fetched once" "$(hits /story-wire.html)" 1

t_run read "$WIRE" --width 40
t_eq "second read comes from the cache" "$(hits /story-wire.html)" 1
w=$(widest "$T_TMP/out")
[ "$w" -le 40 ] && [ "$w" -gt 30 ] && t_ok "no line wider than 40 ($w)" ||
	t_bad "widest line $w columns, wanted 31-40"

# --- --full again: a conditional GET, the stored article kept on 304 ---
t_run read "$WIRE" --full --width 60
t_expect_rc "--full on a stored article" 0
t_eq "--full asks again" "$(hits /story-wire.html)" 2
t_eq "--full: conditional GET answered 304, no body" \
	"$(last /story-wire.html)" "304 0"
if cmp -s "$T_TMP/out" "$T_TMP/wire1"; then t_ok "304: the stored article, as first read"
else t_bad "304 output differs: $(diff "$T_TMP/wire1" "$T_TMP/out" | head -5)"; fi
[ -s "$T_TMP/err" ] && t_bad "304: stderr: $(cat "$T_TMP/err")" ||
	t_ok "304: nothing on stderr"
# A changed page with its old mtime: only If-None-Match tells it apart
# (If-Modified-Since alone would get a 304).
cp -p "$WWW/story-wire.html" "$T_TMP/story-wire.orig"
sed 's/Shipping agents said/Port agents said/' "$T_TMP/story-wire.orig" \
	>"$WWW/story-wire.html"
touch -r "$T_TMP/story-wire.orig" "$WWW/story-wire.html"
t_run read "$WIRE" --full --width 60
t_eq "changed page: If-None-Match sent, fetched in full" \
	"$(last /story-wire.html | cut -d' ' -f1)" 200
t_grep "changed page: the new article shown" "$T_TMP/out" '^Port agents said'
cp -p "$T_TMP/story-wire.orig" "$WWW/story-wire.html"
t_run read "$WIRE" --full --width 60
t_eq "restored page: fetched in full again" \
	"$(last /story-wire.html | cut -d' ' -f1)" 200
if cmp -s "$T_TMP/out" "$T_TMP/wire1"; then t_ok "restored page: as first read"
else t_bad "restored page differs: $(diff "$T_TMP/wire1" "$T_TMP/out" | head -5)"; fi

# --- failures fall back to the summary ---
t_run read "$MISSING" --width 60
t_expect_rc "a 404 page still reads" 0
t_grep "404: names the URL and the status" "$T_TMP/err" \
	"^dateline read: $B/missing.html: HTTP 404( Not Found)?; showing the feed's summary$"
[ "$(t_lines "$T_TMP/err")" = 1 ] && t_ok "one line on stderr" ||
	t_bad "stderr: $(cat "$T_TMP/err")"
t_grep "404: summary shown" "$T_TMP/out" '^The summary of the missing story\.$'

t_run read "$NOTHING" --width 60
t_expect_rc "a page with no article still reads" 0
t_grep "no article: says so" "$T_TMP/err" \
	"^dateline read: $B/nothing.html: no article found on the page.*summary$"
t_grep "no article: summary shown" "$T_TMP/out" '^The summary of the topics page\.$'
t_nogrep "no article: none of the page" "$T_TMP/out" 'Ferries|Weather'

# --- full content in the feed: no fetch ---
t_run read "$FULL" --width 60
t_expect_rc "read full feed content" 0
t_grep "full content: first paragraph" "$T_TMP/out" '^More than two hundred thousand'
t_grep "full content: last paragraph" "$T_TMP/out" 'information tent beside'
t_eq "full content: no page fetch" "$(hits /full-page.html)" 0
t_run read "$FULL" --width 60 --full
t_eq "--full fetches it" "$(hits /full-page.html)" 1
t_grep "--full shows the page's article" "$T_TMP/out" '^Around five the engines slow'

# --- a short story (three paragraphs, the last a link) is a story ---
SHORT=$(item_id "Ferry service resumes on the Kessel line")
t_run read "$SHORT" --full --width 60
t_expect_rc "read --full a three-paragraph story" 0
t_grep "short: first paragraph" "$T_TMP/out" '^KESSEL \(Coast Wire\) — Ferries ran'
t_grep "short: second paragraph" "$T_TMP/out" '^The first boat left at six'
t_grep "short: the closing link line" "$T_TMP/out" '^Follow our coverage at'
t_nogrep "short: not the feed's summary" "$T_TMP/out" 'after a strike\.$'
[ -s "$T_TMP/err" ] && t_bad "short: stderr: $(cat "$T_TMP/err")" ||
	t_ok "short: nothing on stderr"

# --- export-story ---
mkdir -p "$T_TMP/exp"
(cd "$T_TMP/exp" && "$DATELINE" export-story "$WIRE" >"$T_TMP/out" 2>"$T_TMP/err")
T_RC=$?
t_expect_rc "export-story" 0
MD="$T_TMP/exp/harbour-cranes-return-to-work-after-the-strike.md"
t_eq "prints the slug path" "$(cat "$T_TMP/out")" \
	"harbour-cranes-return-to-work-after-the-strike.md"
if [ -f "$MD" ]; then t_ok "slug file written"; else t_bad "no $MD"; fi
t_eq "title line" "$(sed -n 1p "$MD")" \
	"# Harbour cranes return to work after the strike"
t_grep "byline and date line" "$MD" '^By Mina Park · Coast Wire · 2024-03-05 09:30 UTC$'
t_grep "source line" "$MD" "^Source: <$B/story-wire.html>$"
t_grep "paragraph" "$MD" '^Shipping agents said the backlog, which at its peak left forty vessels anchored offshore, could take a week to clear\.'
t_grep "link as a reference" "$MD" 'according to the \[port notice\]\[1\]\.$'
t_eq "link list at the end" "$(tail -n 1 "$MD")" "[1]: <$B/notice>"
t_nogrep "no ads in the Markdown" "$MD" 'Advertisement|Related coverage'
ls -a "$T_TMP/exp" | grep -q dateline-tmp && t_bad "temp file left" ||
	t_ok "no temp file left"
(cd "$T_TMP/exp" && "$DATELINE" export-story "$WIRE" >"$T_TMP/out")
t_eq "an existing name is not overwritten" "$(cat "$T_TMP/out")" \
	"harbour-cranes-return-to-work-after-the-strike-2.md"

(cd "$T_TMP/exp" && "$DATELINE" export-story "$SPLIT" >"$T_TMP/out")
t_eq "title with / and .. gives a safe slug" "$(cat "$T_TMP/out")" \
	"typhoon-warning-ports-close.md"
[ -f "$T_TMP/exp/typhoon-warning-ports-close.md" ] && t_ok "slug file there" ||
	t_bad "no typhoon-warning-ports-close.md"

t_run export-story "$BLOG" -o "$T_TMP/blog.md"
t_expect_rc "export-story -o" 0
t_eq "-o prints the path" "$(cat "$T_TMP/out")" "$T_TMP/blog.md"
t_grep "-o: list item" "$T_TMP/blog.md" '^- Bring a blanket: the cabins are warm'
t_grep "-o: heading" "$T_TMP/blog.md" '^### Arriving at dawn$'
t_nogrep "-o: the page's headline not repeated" "$T_TMP/blog.md" '^## Notes'
t_run read "$BLOG" --width 60
t_eq "read: the page's headline not repeated" \
	"$(grep -c 'Notes from a night ferry' "$T_TMP/out")" 1
echo old >"$T_TMP/blog2.md"
t_run export-story "$BLOG" -o "$T_TMP/blog2.md"
t_eq "-o replaces FILE" "$(sed -n 1p "$T_TMP/blog2.md")" "# Notes from a night ferry"

# --- offline: the server stopped ---
srv_stop
t_run read "$WIRE" --width 60
t_expect_rc "offline read" 0
if cmp -s "$T_TMP/out" "$T_TMP/wire1"; then t_ok "offline read is the same text"
else t_bad "offline read differs: $(diff "$T_TMP/wire1" "$T_TMP/out" | head -5)"; fi
t_run read "$WIRE" --full --width 60
t_expect_rc "offline --full still reads" 0
t_grep "offline --full: says why" "$T_TMP/err" \
	"^dateline read: $B/story-wire.html: .*; showing the stored article$"
t_grep "offline --full: the stored article" "$T_TMP/out" '^Shipping agents said'

# --- ids ---
t_run read 4242
t_expect_rc "unknown id" 1
t_grep "unknown id message" "$T_TMP/err" '^dateline read: no item 4242$'
t_run read x1
t_expect_rc "bad id" 2
t_run read 0
t_expect_rc "zero id" 2
t_run read "$WIRE" --width 3
t_expect_rc "bad width" 2
t_run export-story 4242
t_expect_rc "export-story unknown id" 1

# --- prefetch-articles ---
# Every response waits 300 ms, so that the five story pages overlap if
# nothing holds them back to two at a time.
setup --delay-ms 300
echo "set prefetch-articles yes" >"$CONF/config"
t_run refresh
t_expect_rc "refresh with prefetch" 0
t_eq "prefetch: at most 2 pages at a time from one host" "$(python3 -c "
import json, urllib.request
print(json.load(urllib.request.urlopen('$B/_stats'))['inflight_max'])")" 2
t_eq "prefetch: wire page" "$(hits /story-wire.html)" 1
t_eq "prefetch: blog page" "$(hits /story-blog.html)" 1
t_eq "prefetch: split page" "$(hits /story-split.html)" 1
t_eq "prefetch: not the full-content item" "$(hits /full-page.html)" 0
t_run refresh
t_eq "prefetch: no page twice, 404 remembered" \
	"$(hits /story-wire.html) $(hits /missing.html)" "1 1"
WIRE=$(item_id "Harbour cranes return to work after the strike")
srv_stop
t_run read "$WIRE" --width 60
t_expect_rc "prefetched read offline" 0
t_grep "prefetched article offline" "$T_TMP/out" '^Shipping agents said the backlog'
[ -s "$T_TMP/err" ] && t_bad "stderr: $(cat "$T_TMP/err")" ||
	t_ok "prefetched: nothing on stderr"
rm -f "$CONF/config"

# --- the per-subscription prefetch option wins over the setting ---
setup
echo "$B/feed.xml prefetch:yes" >"$URLS"
t_run refresh
t_expect_rc "refresh with prefetch:yes" 0
t_eq "prefetch:yes fetches pages without the setting" \
	"$(hits /story-wire.html)" 1
setup
echo "set prefetch-articles yes" >"$CONF/config"
echo "$B/feed.xml prefetch:no" >"$URLS"
t_run refresh
t_expect_rc "refresh with prefetch:no" 0
t_eq "prefetch:no fetches no page despite the setting" \
	"$(hits /story-wire.html)" 0
rm -f "$CONF/config"

# --- a page too large for the extractor: read in part, and said so ---
setup
python3 - "$WWW/huge.html" <<'PY'
import sys
para = ("The harbour board met late into the night to settle the berth "
    "fees for the coming season, and the captains argued for an hour. ") * 3
junk = "".join("<p><b id=%d>x</p>" % i for i in range(150000))
with open(sys.argv[1], "w") as f:
    f.write("<html><head><title>Huge page</title></head><body><article>"
        "<p>" + para + "</p><p>" + para + "closing words.</p></article>"
        "<div>" + junk + "</div></body></html>")
PY
cat >"$WWW/huge.xml" <<EOT
<rss version="2.0"><channel><title>Huge</title><link>$B/</link>
<item><title>A page too large</title><link>$B/huge.html</link>
<guid>huge</guid><description>Short.</description></item>
</channel></rss>
EOT
echo "$B/huge.xml" >"$URLS"
t_run refresh
HUGE=$(item_id "A page too large")
t_run read "$HUGE" --width 60
t_expect_rc "a page too large still reads" 0
t_grep "too large: the article before the cut" "$T_TMP/out" "closing words"
t_grep "too large: said on stderr, with the page" "$T_TMP/err" \
	"^dateline: read: $B/huge.html: page too large: [0-9.]+ MB of markup, article taken from the first 1 MB$"
t_run read "$HUGE" --width 60
[ -s "$T_TMP/err" ] && t_bad "too large, from the cache: stderr: $(cat "$T_TMP/err")" ||
	t_ok "too large, from the cache: nothing on stderr"

t_done
