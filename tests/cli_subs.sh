#!/bin/sh
# cli_subs.sh: add, remove, import and export on the real binary: the
# default urls file, edits that keep the file, OPML round trip, errors.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

SUBS="$DATA/subs"
URLS="$XDG_CONFIG_HOME/dateline/urls"

# t_same NAME A B: files A and B have the same bytes.
t_same() {
	if cmp -s "$2" "$3"; then t_ok "$1"
	else t_bad "$1: $(diff "$2" "$3" | head -c 400)"
	fi
}

# feed_lines FILE: the subscription lines (no comments, no blanks).
feed_lines() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1"; }

# --- first run: the default urls file ---
t_run export
t_expect_rc "export on first run" 0
t_grep "first run writes the urls file" "$URLS" 'apnews\.com/hub/asia-pacific'
t_grep "the default file explains the format" "$URLS" '^# .*"~Name" renames'
t_grep "the default file explains hub pages" "$URLS" '^# .*"link-pattern:REGEX"'
t_grep "first run says so on stderr" "$T_TMP/err" \
	"wrote the default subscriptions to $URLS"
t_grep "export prints OPML 2.0" "$T_TMP/out" '^<opml version="2\.0">$'
t_grep "export has the defaults" "$T_TMP/out" \
	'xmlUrl="https://feeds\.bbci\.co\.uk/news/world/asia/rss\.xml"'
t_grep "export escapes &" "$T_TMP/out" \
	'rss-outbound-feed\?_format=xml&amp;category'
mode=$(stat -c %a "$URLS")
[ "$mode" = 600 ] && t_ok "new urls file is 0600" || t_bad "mode $mode"
t_run export
if [ ! -s "$T_TMP/err" ]; then t_ok "second run is quiet"
else t_bad "second run wrote: $(cat "$T_TMP/err")"; fi

# --- add ---
cp "$URLS" "$T_TMP/before"
# --no-check: subscribe as given, without fetching (nothing here may
# touch the network; tests/hub_golden.sh adds real pages).
t_run add https://example.com/feed.xml --no-check --title "Example Feed" \
	--tag "two words" --tag news
t_expect_rc "add" 0
t_grep "add says so" "$T_TMP/out" '^subscribed: https://example\.com/feed\.xml$'
last=$(tail -n 1 "$URLS")
want='https://example.com/feed.xml "two words" news "~Example Feed"'
[ "$last" = "$want" ] && t_ok "add appends a quoted line" || t_bad "got: $last"
head -n "$(t_lines "$T_TMP/before")" "$URLS" >"$T_TMP/head"
t_same "add keeps every earlier line" "$T_TMP/before" "$T_TMP/head"
ls -a "$XDG_CONFIG_HOME/dateline" >"$T_TMP/ls"
[ "$(cat "$T_TMP/ls" | tr '\n' ' ')" = ". .. urls " ] &&
	t_ok "no temporary file left" || t_bad "folder: $(cat "$T_TMP/ls")"

cp "$URLS" "$T_TMP/before"
t_run add https://example.com/feed.xml --title Other
t_expect_rc "add again" 0
t_grep "add again says already subscribed" "$T_TMP/out" \
	'^already subscribed: https://example\.com/feed\.xml$'
t_same "add again changes nothing" "$T_TMP/before" "$URLS"

t_run add ftp://example.com/feed
t_expect_rc "add ftp://" 2
t_grep "add ftp:// names the URL" "$T_TMP/err" 'ftp://example\.com/feed'
t_run add 'exec:touch pwned'
t_expect_rc "add exec:" 2
t_run add
t_expect_rc "add without URL" 2
t_run add https://a.example/ https://b.example/
t_expect_rc "add with two URLs" 2
t_run add https://a.example/ --title
t_expect_rc "add --title without value" 2
t_same "refused adds change nothing" "$T_TMP/before" "$URLS"
t_run add --help
t_expect_rc "add --help" 0
t_grep "add --help documents duplicates" "$T_TMP/out" 'already subscribed'
t_grep "add --help documents --no-check" "$T_TMP/out" '--no-check'

# A page that cannot be fetched (nothing listens on port 1) is not
# subscribed; the URL and the reason are named.
t_run add http://127.0.0.1:1/feed.xml
t_expect_rc "add of an unreachable page" 1
t_grep "unreachable page: URL and reason" "$T_TMP/err" \
	'^dateline: cannot add http://127\.0\.0\.1:1/feed\.xml: .*(refused|connect)'
t_same "a failed add changes nothing" "$T_TMP/before" "$URLS"
t_run add http://127.0.0.1:1/asia --no-check --tag hub \
	--tag "link-pattern:/story/[0-9]+$"
t_expect_rc "add --no-check --tag hub" 0
last=$(tail -n 1 "$URLS")
want='http://127.0.0.1:1/asia hub link-pattern:/story/[0-9]+$'
[ "$last" = "$want" ] && t_ok "hub tag and link-pattern option kept as tags" ||
	t_bad "got: $last"
t_run remove http://127.0.0.1:1/asia
cp "$URLS" "$T_TMP/before"

# --- remove ---
t_run remove https://thediplomat.com/feed/
t_expect_rc "remove" 0
t_grep "remove says so" "$T_TMP/out" \
	'^unsubscribed: https://thediplomat\.com/feed/$'
if grep -q thediplomat "$URLS"; then t_bad "remove left the line"
else t_ok "remove drops the line"; fi
grep '^#' "$T_TMP/before" >"$T_TMP/c1"
grep '^#' "$URLS" >"$T_TMP/c2"
t_same "remove keeps the comments" "$T_TMP/c1" "$T_TMP/c2"
cp "$URLS" "$T_TMP/before"
t_run remove https://nowhere.example/rss
t_expect_rc "remove unknown" 1
t_grep "remove unknown says so" "$T_TMP/err" \
	'not subscribed: https://nowhere\.example/rss'
t_same "remove unknown changes nothing" "$T_TMP/before" "$URLS"
t_run remove
t_expect_rc "remove without URL" 2

# --- import, export, import the export ---
A="$T_TMP/a"
B="$T_TMP/b"
mkdir -p "$A" "$B"
echo "# empty" >"$A/urls"
echo "# empty" >"$B/urls"
t_run --config-dir "$A" import "$SUBS/nested.opml"
t_expect_rc "import nested OPML" 0
t_grep "import counts" "$T_TMP/out" \
	'^imported 5 feeds, skipped 1 duplicates, rejected 2$'
t_grep "folders become tags" "$A/urls" \
	'^https://yna\.example/rss\.xml News Korea "~Yonhap"$'
t_grep "categories become tags" "$A/urls" \
	'^https://nhk\.example/feed\.xml News Japan broadcast english "~NHK'
t_grep "category ! hides" "$A/urls" \
	'^http://hidden\.example/atom ! "~Hidden one"$'
t_grep "entities decoded" "$A/urls" \
	'^https://qa\.example/feed\?a=1&b=2 "~Q & A"$'
t_grep "UTF-8 title kept" "$A/urls" '"~한겨레 Hankyoreh"$'
if grep -q -e exec: -e file: "$A/urls"; then t_bad "a refused URL was written"
else t_ok "exec: and file: URLs are not written"; fi
t_run --config-dir "$A" import "$SUBS/v1.opml"
t_expect_rc "import OPML 1.0 in Latin-1" 0
t_grep "Latin-1 title converted" "$A/urls" \
	'^http://cafe\.example/rss\.xml "~Café News"$'
t_run --config-dir "$A" import "$SUBS/nested.opml"
t_grep "import twice: all duplicates" "$T_TMP/out" \
	'^imported 0 feeds, skipped 6 duplicates, rejected 2$'

t_run --config-dir "$A" export
t_expect_rc "export" 0
cp "$T_TMP/out" "$T_TMP/a.opml"
t_run --config-dir "$B" import "$T_TMP/a.opml"
t_expect_rc "import the export" 0
t_grep "the export imports whole" "$T_TMP/out" \
	'^imported 7 feeds, skipped 0 duplicates, rejected 0$'
feed_lines "$A/urls" >"$T_TMP/a.lines"
feed_lines "$B/urls" >"$T_TMP/b.lines"
t_same "import(export(x)) has the same subscriptions" "$T_TMP/a.lines" \
	"$T_TMP/b.lines"
t_run --config-dir "$B" export
t_same "and exports the same OPML" "$T_TMP/a.opml" "$T_TMP/out"

# --- import errors ---
C="$T_TMP/c"
t_run --config-dir "$C" import "$T_TMP/missing.opml"
t_expect_rc "import missing file" 1
t_grep "missing file is named" "$T_TMP/err" \
	"^dateline import: $T_TMP/missing\.opml: No such file or directory\$"
[ ! -e "$C/urls" ] && t_ok "a failed import writes no urls file" ||
	t_bad "urls file created"
cp "$A/urls" "$T_TMP/before"
t_run --config-dir "$A" import "$SUBS/malformed.opml"
t_expect_rc "import malformed OPML" 1
t_grep "malformed OPML: file, line, column, reason" "$T_TMP/err" \
	"malformed\.opml:7:5: mismatched tag\$"
t_same "malformed OPML changes nothing" "$T_TMP/before" "$A/urls"
t_run --config-dir "$A" import
t_expect_rc "import without file" 2

# --- a newsboat file: its commands are reported and kept, never run ---
N="$T_TMP/n"
mkdir -p "$N"
cp "$SUBS/newsboat-urls" "$N/urls"
echo "exec:touch $T_TMP/pwned" >>"$N/urls"
cp "$N/urls" "$T_TMP/nb"
t_run --config-dir "$N" add --no-check https://four.example/rss
t_expect_rc "add to a newsboat file" 0
t_grep "query: line reported" "$T_TMP/err" \
	"$N/urls:4: query feeds are not supported"
t_grep "exec: line reported" "$T_TMP/err" \
	"$N/urls:5: exec: feeds are not supported"
t_grep "bad line reported" "$T_TMP/err" \
	"$N/urls:8: not an http\(s\) URL: gopher://old\.example/"
[ ! -e "$T_TMP/pwned" ] && t_ok "exec: is never run" || t_bad "exec: ran"
printf 'https://four.example/rss\n' >>"$T_TMP/nb"
t_same "unknown lines kept in the file" "$T_TMP/nb" "$N/urls"
t_run --config-dir "$N" export
t_grep "hidden newsboat feed exported with !" "$T_TMP/out" \
	'xmlUrl="https://three\.example/feed" category="long reads,!"'

# --- concurrent edits lose nothing ---
L="$T_TMP/l"
mkdir -p "$L"
echo "# concurrent" >"$L/urls"
i=0
while [ $i -lt 20 ]; do
	"$DATELINE" --config-dir "$L" add --no-check "https://c$i.example/rss" \
		>/dev/null 2>&1 &
	i=$((i + 1))
done
wait
n=$(grep -c '^https://c[0-9]*\.example/rss$' "$L/urls")
[ "$n" = 20 ] && t_ok "20 concurrent adds all land" ||
	t_bad "only $n of 20 concurrent adds landed"

t_done
