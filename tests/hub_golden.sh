#!/bin/sh
# hub_golden.sh: issue 5 end to end against tests/httpd.py: dateline add
# of every kind of page (a feed served as HTML, <link rel=alternate>, an
# <a> feed link, hub pages, a page with no stories), then refresh of the
# hub pages: their stories as items in page order, a changed page, a page
# that yields nothing (an error, items kept), and read of a hub story.
# The hub fixtures of tests/data/hub are served with their site's host
# replaced by the local server's, so that their links are same-site.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

HUB="$DATA/hub"
HI="$DATA/hubint"
R="$T_TMP/root"
CFG="$T_TMP/cfg"
DB="$T_TMP/dateline.db"
URLS="$CFG/urls"
# After every fixture date: undated stories sort by first-seen = now.
NOW=1796000000
export DATELINE_NOW=$NOW DATELINE_TIMEOUT_MS=20000
mkdir -p "$R/hub" "$R/world" "$R/news" "$R/blog" "$R/programs" \
	"$R/article" "$R/story" "$CFG"
echo "# hub_golden: local pages only" >"$URLS"

t_httpd_start "$R" --log "$T_TMP/httpd.log"

dl() { t_run --config-dir "$CFG" --db "$DB" "$@"; }

# rw FILE OUT: FILE with its site's hosts replaced by the local server.
rw() {
	LC_ALL=C sed -e "s#https://wirewire\.example#$B#gI" \
		-e "s#https://www\.dailyledger\.example#$B#gI" \
		-e "s#http://dailyledger\.example#$B#gI" \
		-e "s#https://www\.hanbitnews\.example#$B#gI" \
		-e "s#https://blog\.quietloop\.example#$B#gI" \
		-e "s#https://radio\.example#$B#gI" "$1" >"$2"
}

cp "$HI/feed.xml" "$HI/atom.xml" "$HI/alternate.html" "$HI/alink.html" \
	"$HI/nostories.html" "$R/"
rw "$HUB/wire.html" "$R/hub/asia-pacific.html"
rw "$HUB/section.html" "$R/world/index.html"
rw "$HUB/korean.html" "$R/news/articleList.html"
rw "$HUB/blog.html" "$R/blog/index.html"
rw "$HUB/pattern.html" "$R/programs/index.html"
for f in wire section korean blog pattern; do
	rw "$HUB/$f.expected" "$T_TMP/$f.expected"
done
rw "$HI/new-promo.html" "$T_TMP/new-promo.html"

# Story pages of the wire hub, for prefetching and read.
# story_page SLUG HEADLINE
story_page() {
	{
		printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; '
		printf 'charset=utf-8\r\n\r\n'
		sed "s|HEADLINE|$2|g" "$HI/article.html"
	} >"$R/article/$1.http"
}
while IFS='	' read -r url title date; do
	story_page "${url##*/article/}" "$title"
done <"$T_TMP/wire.expected"
story_page vietnam-flood-mekong-delta-rescue-0a1b2c3d4e5f60718293a4b5c6d7e8f9 \
	"Floods cut off villages across the Mekong Delta"

WIRE="$B/hub/asia-pacific.html"
SECTION="$B/world/index.html"
KOREAN="$B/news/articleList.html?sc_section_code=S1N2&view_type=sm"
BLOG="$B/blog/index.html"
PATTERN="$B/programs/index.html"

# --- add: a feed, whatever its Content-Type ---
dl add "$B/feed.xml?ctype=text/html"
t_expect_rc "add a feed served as text/html" 0
t_grep "feed by content: says feed and its title" "$T_TMP/out" \
	'^feed: Hubint Test Wire$'
t_grep "the feed URL itself is subscribed" "$URLS" \
	"^$B/feed\\.xml\\?ctype=text/html\$"

# --- add: a page advertising feeds with <link rel=alternate> ---
dl add "$B/alternate.html"
t_expect_rc "add a page with <link rel=alternate>" 0
t_grep "the first advertised feed is chosen" "$T_TMP/out" \
	"^feed found on the page: Hubint Wire RSS \\($B/feed\\.xml\\)\$"
t_grep "the other feeds are listed" "$T_TMP/out" \
	"^also offered: $B/atom\\.xml \\(application/atom\\+xml\\) Hubint Wire Atom\$"
t_grep "the feed is subscribed, not the page" "$T_TMP/out" \
	"^subscribed: $B/feed\\.xml\$"
if grep -q alternate "$URLS"; then t_bad "the page itself was subscribed"
else t_ok "the page itself is not subscribed"; fi

# --- add: a page linking to its feed with <a> only ---
dl add "$B/alink.html"
t_expect_rc "add a page with an <a> feed link" 0
t_grep "the <a> feed link is found" "$T_TMP/out" \
	"^feed found on the page: .*\\($B/feed\\.xml\\)\$"
t_grep "which is already subscribed" "$T_TMP/out" \
	"^already subscribed: $B/feed\\.xml\$"

# --- add: hub pages ---
# The blog links to its feed (<a href="/feed.xml">): the tag hub asks for
# the hub page instead.
for u in "$WIRE" "$SECTION" "$KOREAN" "$BLOG"; do
	if [ "$u" = "$BLOG" ]; then dl add "$u" --tag hub; else dl add "$u"; fi
	t_expect_rc "add hub page $u" 0
	t_grep "hub page $u: stories counted" "$T_TMP/out" \
		'^hub page: [0-9]+ stories found: .+'
	n=$(sed -n 's/^hub page: \([0-9]*\) stories.*/\1/p' "$T_TMP/out")
	[ "${n:-0}" -ge 3 ] && t_ok "hub page $u: $n >= 3 stories" ||
		t_bad "hub page $u: $n stories"
done
t_grep "hub title from the page" "$T_TMP/out" \
	'^hub page: 4 stories found: .*Quiet Loop'
line=$(grep -F "$WIRE" "$URLS")
[ "$line" = "$WIRE hub" ] && t_ok "hub subscribed with the tag hub" ||
	t_bad "urls line: $line"
dl add "$PATTERN" --tag "link-pattern:/episodes/[0-9]+\$"
t_expect_rc "add hub page with a link-pattern" 0
t_grep "link-pattern picks the episodes" "$T_TMP/out" \
	'^hub page: 3 stories found'
t_grep "link-pattern kept on the line" "$URLS" \
	"^$B/programs/index\\.html link-pattern:/episodes/\\[0-9\\]\\+\\\$ hub\$"

# --- add: refused pages ---
cp "$URLS" "$T_TMP/urls.before"
dl add "$B/nostories.html"
t_expect_rc "add a page with no stories" 1
t_grep "refusal says what was found" "$T_TMP/err" \
	"not subscribed: $B/nostories\\.html: no feed, and not a hub page: 0 stories among [0-9]+ links"
dl add "$B/missing.html"
t_expect_rc "add a missing page" 1
t_grep "404 named with the URL" "$T_TMP/err" \
	"cannot add $B/missing\\.html: HTTP 404"
if cmp -s "$T_TMP/urls.before" "$URLS"; then t_ok "refused adds change nothing"
else t_bad "urls changed: $(diff "$T_TMP/urls.before" "$URLS")"; fi

# --- refresh ---
dl refresh
t_expect_rc "refresh" 0
t_grep "refresh: no errors" "$T_TMP/out" '^refreshed 7 feeds: [0-9]+ new stories, 0 errors$'

# check NAME URL EXPECTED [EXTRA]: the hub's items against the expected
# stories (URL, headline, date or -), in the items list's order (newest
# first: undated stories, first seen at NOW, in page order, then dated
# ones). Prints the counts line; fails on any difference.
check() {
	"$DATELINE" --config-dir "$CFG" --db "$DB" items --feed "$2" --json \
		>"$T_TMP/items.json" 2>"$T_TMP/err"
	python3 - "$T_TMP/items.json" "$3" "$1" <<'EOF' >"$T_TMP/check"
import datetime, json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))
exp = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8")
       if l.strip()]
name = sys.argv[3]
got = [(i["link"], i["title"], i["published"] or "-") for i in items]
want = [tuple(e) for e in exp]
def key(e):
    if e[2] == "-":
        return float("inf")
    return datetime.datetime.strptime(e[2], "%Y-%m-%dT%H:%M:%SZ").timestamp()
order = [e for _, e in sorted(enumerate(want), key=lambda p: (-key(p[1]), p[0]))]
wl = {e[0] for e in want}
wrong = [g for g in got if g[0] not in wl]
found = [g for g in got if g[0] in wl]
print("%s: stories expected %d, found %d, wrongly found %d" %
      (name, len(want), len(found), len(wrong)))
bad = 0
for g in wrong:
    print("  wrongly found: %s" % (g,)); bad = 1
gl = {g[0]: g for g in got}
for w in want:
    if w[0] not in gl:
        print("  missing: %s" % (w,)); bad = 1
    elif gl[w[0]] != w:
        print("  different: %s, wanted %s" % (gl[w[0]][1:], w[1:])); bad = 1
if not bad and got != order:
    print("  order: got %s" % [g[1] for g in got]); bad = 1
sys.exit(bad)
EOF
	_rc=$?
	cat "$T_TMP/check"
	if [ $_rc -eq 0 ]; then t_ok "$1: items are the expected stories in order"
	else t_bad "$1: $(tail -n +2 "$T_TMP/check" | head -c 600)"; fi
}
check wire "$WIRE" "$T_TMP/wire.expected"
check section "$SECTION" "$T_TMP/section.expected"
check korean "$KOREAN" "$T_TMP/korean.expected"
check blog "$BLOG" "$T_TMP/blog.expected"
check pattern "$PATTERN" "$T_TMP/pattern.expected"

dl feeds
t_grep "feeds: the hub has the page's title" "$T_TMP/out" \
	"Asia Pacific News.*$WIRE +ok"
if grep -q 'GET /article/typhoon-japan-okinawa' "$T_TMP/httpd.log"; then
	t_ok "refresh prefetched the hub's story pages"
else t_bad "no story page fetched: $(tail -n 3 "$T_TMP/httpd.log")"; fi

# --- read a hub story: the full text, prefetched ---
"$DATELINE" --config-dir "$CFG" --db "$DB" items --feed "$WIRE" --json \
	>"$T_TMP/wire.json"
id=$(python3 -c 'import json,sys
for i in json.load(open(sys.argv[1])):
    if "/article/typhoon-japan" in i["link"]: print(i["id"])' \
	"$T_TMP/wire.json")
: >"$T_TMP/httpd.log"
dl read "$id" --width 200
t_expect_rc "read a hub story" 0
t_grep "read shows the full story" "$T_TMP/out" \
	'full story text of the hubint fixture'
if grep -q 'GET /article/' "$T_TMP/httpd.log"; then
	t_bad "read fetched the page: it was not prefetched"
else t_ok "read used the prefetched story"; fi

# --- a changed hub page: the new story added, the old ones kept ---
LC_ALL=C sed "/<div class=\"PageList-items\">/r $T_TMP/new-promo.html" \
	"$R/hub/asia-pacific.html" >"$T_TMP/changed.html"
mv "$T_TMP/changed.html" "$R/hub/asia-pacific.html"
{
	printf '%s\t%s\t%s\n' \
	    "$B/article/vietnam-flood-mekong-delta-rescue-0a1b2c3d4e5f60718293a4b5c6d7e8f9" \
	    "Floods cut off villages across the Mekong Delta as rescuers race to reach them" \
	    "2026-11-26T11:30:00Z"
	cat "$T_TMP/wire.expected"
} >"$T_TMP/wire2.expected"
dl refresh
t_expect_rc "refresh of a changed hub page" 0
t_grep "one new story" "$T_TMP/out" '^refreshed 7 feeds: 1 new story, 0 errors$'
check wire-changed "$WIRE" "$T_TMP/wire2.expected"

# --- a hub page that yields nothing: an error, the items stay ---
cp "$R/nostories.html" "$R/hub/asia-pacific.html"
dl refresh
t_expect_rc "refresh with a broken hub page (others fine)" 0
t_grep "refresh counts the error" "$T_TMP/out" '^refreshed 7 feeds: 0 new stories, 1 error$'
t_grep "refresh names the hub and why" "$T_TMP/err" \
	"^$WIRE: hub page: no stories found \\(.+\\)\$"
dl feeds
t_grep "feeds shows the hub error" "$T_TMP/out" \
	"$WIRE +error: hub page: no stories found"
check wire-broken-kept "$WIRE" "$T_TMP/wire2.expected"

t_done
