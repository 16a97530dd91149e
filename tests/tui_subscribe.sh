#!/bin/sh
# tui_subscribe.sh: the reader's a (subscribe) in tmux against
# tests/httpd.py, deciding as `dateline add` does: a feed is subscribed
# as it is, a page advertising a feed subscribes that feed, a page with
# stories becomes a hub, anything else is refused and changes nothing;
# the page is checked in the background (keys still work, C-g stops it).
# Also: the reader indexes what a refresh left unindexed while idle.
# Every check reads the screen with tmux capture-pane or the urls file.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-sub
. "$top_srcdir/tests/tui_lib.sh"
URLS="$CONF/urls"

# line NAME REGEX: the urls file has a line matching REGEX (whole line).
line() {
	if grep -Eqx -- "$2" "$URLS"; then t_ok "$1"
	else t_bad "$1: no line /$2/ in the urls file:"
		sed 's/^/# /' "$URLS"; fi
}

# subscribe URL: a, the URL typed, Enter.
subscribe() {
	keys a
	wait_for '^subscribe to:' 5 || t_bad "a: no subscribe prompt"
	keys -l "$1"
	keys Enter
}

mkdir -p "$WWW/hub"
t_httpd_start "$WWW" --log "$T_TMP/httpd.log"
HI="$DATA/hubint"
cp "$HI/feed.xml" "$HI/atom.xml" "$HI/alternate.html" "$HI/nostories.html" \
	"$WWW/"
# The wire hub with its site's host replaced by the local server's, so
# that its story links are same-site (as tests/hub_golden.sh serves it).
LC_ALL=C sed "s#https://wirewire\.example#$B#gI" "$DATA/hub/wire.html" \
	>"$WWW/hub/asia-pacific.html"
echo "# tui_subscribe: local pages only" >"$URLS"
echo 'set refresh-on-start no' >"$CONF/config"

# pending: items a refresh left out of the search index so far.
pending() {
	python3 - "$XDG_DATA_HOME/dateline/dateline.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM search_pending").fetchone()[0])
PY
}

# A headless refresh of 600 stories leaves them to be indexed; the
# reader indexes them while idle, in batches.
python3 - "$WWW/big.xml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel>'
            '<title>Big Idle Feed</title>')
    for i in range(600):
        f.write('<item><title>Idle story %d quokka</title><guid>idle-%d'
                '</guid><description>Some text of story %d.</description>'
                '</item>' % (i, i, i))
    f.write('</channel></rss>')
PY
echo "$B/big.xml" >>"$URLS"
"$DATELINE" refresh >/dev/null 2>&1
p=$(pending)
[ "${p:-0}" -ge 600 ] && t_ok "idle: a headless refresh leaves $p items to index" ||
	t_bad "idle: '$p' items pending after the refresh"

$TM new-session -d -x 120 -y 40 "sh $T_TMP/run.sh"
check "the reader starts" 'All stories'
n=0
while [ "$(pending)" != 0 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
p=$(pending)
[ "$p" = 0 ] && t_ok "idle: the reader indexed them while idle" ||
	t_bad "idle: $p items still pending after 10 s idle"
keys /
keys -l quokka
keys Enter
check "idle: the search finds them" 'Search: quokka · 1/'
keys q

# --- a feed: subscribed as it is, fetched, its stories listed ---
subscribe "$B/atom.xml"
check "feed: says what it subscribed to" \
	'subscribed to Hubint Test Wire \(Atom\) \(feed\): 1 new story$'
check "feed: listed with its story after the refresh" \
	'Hubint Test Wire \(Atom\) +1/1'
line "feed: the URL itself in the urls file" "$B/atom\\.xml"

# --- a page advertising feeds: the first feed is subscribed ---
subscribe "$B/alternate.html"
check "page with a feed: the advertised feed is subscribed" \
	'subscribed to Hubint Wire RSS \(feed found on page\): 2 new stories'
check "page with a feed: listed with its stories" 'Hubint Test Wire +2/2'
line "page with a feed: the feed's URL in the urls file" "$B/feed\\.xml"
grep -q alternate "$URLS" && t_bad "the page itself was subscribed" ||
	t_ok "page with a feed: the page itself is not subscribed"

# --- a hub page: subscribed with the tag hub, marked, its stories ---
subscribe "$B/hub/asia-pacific.html"
check "hub: says it is a hub" \
	'subscribed to .*Wirewire.* \(hub\): [3-9] new stories'
line "hub: the urls line has the tag hub" "$B/hub/asia-pacific\\.html hub"
check "hub: the feed list marks it as a hub, with its stories" \
	'^ *H +Asia Pacific News.* +[0-9]+/[0-9]+'
cap
n=$(sed -n 's/^ *H .* \([0-9][0-9]*\)\/[0-9][0-9]* *$/\1/p' "$SCREEN")
[ "${n:-0}" -ge 3 ] && t_ok "hub: $n stories" ||
	t_bad "hub: '${n:-}' stories: $(grep 'H ' "$SCREEN")"
keys G Enter
check "hub: its story list has the page's headlines" \
	'Typhoon forces tens of thousands from homes on Okinawa'
keys q

# --- a page that is neither: refused on screen, nothing written ---
cp "$URLS" "$T_TMP/urls.before"
subscribe "$B/nostories.html"
check "neither: the refusal says what was found" \
	'not subscribed: no feed, and not a hub page: 0 stories among [0-9]+ links'
cmp -s "$T_TMP/urls.before" "$URLS" && t_ok "neither: urls file unchanged" ||
	t_bad "neither: urls changed: $(diff "$T_TMP/urls.before" "$URLS")"

# --- already subscribed: nothing fetched, nothing written ---
subscribe "$B/feed.xml"
check "already subscribed: said so" "already subscribed to $B/feed\\.xml"
cmp -s "$T_TMP/urls.before" "$URLS" && t_ok "already subscribed: unchanged" ||
	t_bad "already subscribed: urls changed"

# --- a slow page: checked in the background, keys work, C-g stops ---
subscribe "$B/atom.xml?delay=4000"
check "slow page: checking shown in the status line" 'checking URL…'
keys '?'
check "slow page: keys still work while checking (help)" \
	'^ a +subscribe +subscribe to a feed, a page with a feed'
keys q
keys C-g
check "slow page: C-g stops the check" 'cancelled'
sleep 0.3
absent "slow page: no longer checking" 'checking URL'
sleep 4.5	# past the server's answer
absent "slow page: nothing subscribed after the answer was due" \
	'subscribed to'
cmp -s "$T_TMP/urls.before" "$URLS" && t_ok "slow page: urls file unchanged" ||
	t_bad "slow page: urls changed: $(diff "$T_TMP/urls.before" "$URLS")"

# --- a page that cannot be fetched ---
subscribe "$B/missing.html"
check "missing page: the fetch error is named" \
	"cannot subscribe to $B/missing\\.html: HTTP 404"
cmp -s "$T_TMP/urls.before" "$URLS" && t_ok "missing page: urls unchanged" ||
	t_bad "missing page: urls changed"

# --- an add made outside while the reader runs is kept when a saves ---
"$DATELINE" add --no-check "$B/outside.xml" >/dev/null 2>&1
line "dateline add while the reader runs" "$B/outside\\.xml"
subscribe "$B/atom.xml?again=1"
check "a after an outside add: subscribed" \
	'subscribed to Hubint Test Wire \(Atom\) \(feed\)'
line "a after an outside add: its own line" "$B/atom\\.xml\\?again=1"
line "a after an outside add: the outside line is kept" "$B/outside\\.xml"

keys Q
n=100
while [ ! -s "$T_TMP/exit" ] && [ "$n" -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
[ "$(cat "$T_TMP/exit" 2>/dev/null)" = 0 ] && t_ok "Q quits cleanly" ||
	t_bad "exit status '$(cat "$T_TMP/exit" 2>/dev/null)'"
$TM kill-server 2>/dev/null
t_done
