#!/bin/sh
# tui_page_url.sh: issue 14 in the reader: R refreshes an untagged page
# URL of the urls file as `dateline add` would read it (the feed the page
# advertises, a hub, or an error that says what the page holds), through
# the same code as `dateline refresh`. Checks read the screen with tmux
# capture-pane, then `dateline feeds`.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-pageurl
. "$top_srcdir/tests/tui_lib.sh"
URLS="$CONF/urls"

# start: dateline in a new 120x40 tmux session, through run.sh.
start() { tui_start; }

cp "$DATA"/pageurl/* "$WWW/"
t_httpd_start "$WWW" --log "$T_TMP/httpd.log"
cat >"$URLS" <<URLS
$B/advert.html
$B/section.html
$B/plain.html
URLS
cp "$URLS" "$T_TMP/urls.before"
echo 'set refresh-on-start no' >"$CONF/config"

start
keys R
check "R: the pages are refreshed, one error" \
	'refreshed 3 feeds: 6 new stories, 1 error'
check "R: the page has its advertised feed's title and 2 stories" \
	'^    Pageurl Gazette +2/2$'
check "R: the hub page has its title and 4 stories" \
	'^    Local news \| Pageurl Courier +4/4$'
check "R: the plain page is marked as failed" \
	"^ ! +$B/plain\\.html +0/0\$"
absent "R: no 'root element' error" 'root element'
keys Down Enter
check "Enter: the advertised feed's stories" \
	'Library extends its winter hours'
keys Q
n=100
while [ "$n" -gt 0 ] && [ ! -s "$T_TMP/exit" ]; do sleep 0.05; n=$((n - 1)); done
[ "$(cat "$T_TMP/exit" 2>/dev/null)" = 0 ] && t_ok "Q quits" ||
	t_bad "Q: exit $(cat "$T_TMP/exit" 2>/dev/null)"

cmp -s "$URLS" "$T_TMP/urls.before" && t_ok "the urls file is not rewritten" ||
	t_bad "the urls file changed: $(cat "$URLS")"
t_run feeds
t_grep "feeds: the page became its feed" "$T_TMP/out" \
	"advert\\.html +ok; page → $B/gazette\\.rss\$"
t_grep "feeds: the section page became a hub" "$T_TMP/out" \
	'section\.html +ok; hub$'
t_grep "feeds: the plain page's error says what it holds" "$T_TMP/out" \
	'plain\.html +error: not a feed, and the page advertises no feed and links to only 0 stories'

t_done
