#!/bin/sh
# tests/tui_sync.sh: the reader syncs with a real Tiny Tiny RSS (issue 15)
# at start and on R, beside the refresh of its local feeds, without
# waiting for the server: the server's stories appear; a mark made in the
# reader reaches the server (checked through its API); a star made on
# the server shows as saved; r on a server's story syncs; a wrong
# password, a password file others can read and API access turned off
# are said in words, on the message line and the errors screen; a
# server that accepts the connection and never answers leaves the
# reader responsive (keys, screens, the status line) until C-g cancels
# the sync, Q quits, or it times out, each said on the message line
# and the errors screen, and the reader works from the cache. The feed
# list shows the server's feeds beside the local one (S, counts, Enter,
# tags, r, d); a sync and a refresh never run at once, and the one
# refused says what holds the refresh lock. tt-rss is started as in
# tests/sync.sh (tests/ttrss_lib.sh); skipped (77) without its packages
# unless DATELINE_REQUIRE_TTRSS=1 (then it fails).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/ttrss_lib.sh"

if ! t_ttrss_have; then
	echo "tt-rss packages missing: run tools/bootstrap (README Needs)"
	[ "${DATELINE_REQUIRE_TTRSS:-0}" = 1 ] && exit 1
	exit 77
fi
TUI_NAME=dateline-sync
. "$top_srcdir/tests/tui_lib.sh"
T_CLEANUP_HOOK="t_ttrss_cleanup; [ -n \"\${HANG_PID:-}\" ] && kill \$HANG_PID; $T_CLEANUP_HOOK"
t_ttrss_start || { echo "could not start tt-rss"; exit 1; }

# --- feeds: two on the server, one local ----------------------------------
F="$T_TMP/feeds"
mkdir -p "$F"
t_httpd_start "$F"
# t_feed NAME HOUR:N...: an RSS feed NAME.xml, story N dated HOUR:00 on
# 1 Dec 2026 (so that All stories, newest first, has a known order).
t_feed() {
	_n=$1
	shift
	{
		echo '<?xml version="1.0" encoding="utf-8"?>'
		echo "<rss version=\"2.0\"><channel><title>Desk $_n</title>"
		echo "<link>http://example.invalid/$_n/</link>"
		for _s in "$@"; do
			_h=${_s%%:*}
			_i=${_s#*:}
			echo "<item><title>$_n story $_i</title>"
			echo "<link>$B/$_n-$_i.html</link>"
			echo "<guid>urn:dateline-tui-sync:$_n:$_i</guid>"
			echo "<pubDate>Tue, 01 Dec 2026 $_h:00:00 GMT</pubDate>"
			echo "<description>Body of $_n $_i.</description></item>"
		done
		echo '</channel></rss>'
	} >"$F/$_n.xml"
}
t_feed world 01:1 02:2
t_feed tech 03:1 04:2
t_feed local 00:1
# world in the category News, tech in none.
t_ttrss_psql -c "INSERT INTO ttrss_feed_categories (owner_uid, title)
    SELECT id, 'News' FROM ttrss_users WHERE login = 'admin'"
NEWS=$(t_ttrss_psql -At -c "SELECT id FROM ttrss_feed_categories
    WHERE title = 'News'")
for f in world:$NEWS tech:0; do
	t_ttrss_api subscribeToFeed feed_url="$B/${f%%:*}.xml" \
	    category_id="${f#*:}" >/dev/null ||
	    t_bad "subscribe $f on the server"
done
for id in $(t_ttrss_api getFeeds cat_id=-3 | python3 -c '
import json, sys
for f in json.load(sys.stdin): print(f["id"])'); do
	t_ttrss_api updateFeed feed_id="$id" >/dev/null
done

PWF="$T_TMP/ttrss-password"
printf '%s\n' "$T_TTRSS_PASSWORD" >"$PWF"
chmod 600 "$PWF"
# config URL: the reader's settings with sync-url URL.
config() {
	cat >"$CONF/config" <<EOF
set start-view all
set sync ttrss
set sync-url $1
set sync-user admin
set sync-password-file $PWF
set download-timeout ${2:-60}
EOF
}
config "http://127.0.0.1:$TT_PORT/"
echo "$B/local.xml" >"$CONF/urls"

# srv TITLE: "read saved" of the story TITLE on the server (its API).
srv() {
	t_ttrss_api getHeadlines feed_id=-4 view_mode=all_articles limit=200 |
	    python3 -c '
import json, sys
for h in json.load(sys.stdin):
    if h["title"] == sys.argv[1]:
        print(int(not h["unread"]), int(h["marked"]))' "$1"
}
sid() {
	t_ttrss_api getHeadlines feed_id=-4 view_mode=all_articles limit=200 |
	    python3 -c '
import json, sys
for h in json.load(sys.stdin):
    if h["title"] == sys.argv[1]: print(h["id"])' "$1"
}
# quit: Q, and wait for the reader to end.
quit() {
	keys Q
	n=100
	while [ ! -s "$T_TMP/exit" ] && [ "$n" -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
}
expect() {	# expect NAME GOT WANT
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_bad "$1: got '$2', wanted '$3'"
	fi
}

# --- at start: the server's stories and the local feed's ------------------
tui_start
check "start: the sync's summary on the message line" \
    'synced 2 feeds: from the server 4 new stories and 0 states, to the server 0 marks'
check "start: the server's stories are listed" 'world story 1'
check "start: the local feed was refreshed beside it" 'local story 1'
check "start: the server's stories unread" ' N +2026-12-01 +tech story 2'

# --- a mark made in the reader goes to the server at R --------------------
keys g N	# the top row (newest first), tech story 2: read
check "N marks the top story read" '^ +2026-12-01 +tech story 2'
keys j s	# the next, tech story 1: saved
check "s saves the next story" '^ NS +2026-12-01 +tech story 1'
keys R
check "R: the marks went to the server" 'to the server 2 marks \('
expect "read in the reader -> read on the server" "$(srv 'tech story 2')" \
    "1 0"
expect "saved in the reader -> starred on the server" \
    "$(srv 'tech story 1')" "0 1"

# --- a star made on the server comes to the reader at R -------------------
t_ttrss_api updateArticle article_ids="$(sid 'world story 1')" mode=1 \
    field=0 >/dev/null
keys R
check "R: the star came from the server" 'from the server 0 new stories and 1 state,'
keys S
check "the starred story is in Saved" 'world story 1'
absent "an unstarred one is not" 'world story 2'
keys q

# --- r on a server's story: through the server ----------------------------
keys g r
check "r on a server's story says it syncs" \
    'tech\.xml is read through the feed server: syncing all'
check "r: and syncs" 'synced 2 feeds: from the server 0 new stories'

# --- the feed list: the server's feeds beside the local one ---------------
keys q
check "feed list: every subscription, the server's too" 'Feeds 1/4'
check "feed list: the local feed first" '^    Desk local +1/1 *$'
check "feed list: a server's feed, marked S, with its counts" \
    '^  S Desk tech +1/2 *$'
check "feed list: the other server's feed" '^  S Desk world +2/2 *$'
keys j j Enter
check "Enter on a server's feed lists its stories" 'tech story 1'
absent "  and only its stories" 'world story'
keys q t
check "t: the server's category is a tag" '^  News +2 unread  1 feed *$'
check "t: and the server's feeds are tagged feed-server" \
    '^  feed-server +3 unread  2 feeds *$'
keys j Enter
check "t, News: the feed list filtered by the category" \
    'Feeds [12]/2 .* tag News'
check "  holds the server's feed in it" '^  S Desk world +2/2 *$'
absent "  and not the others" 'Desk tech'
keys g Enter
check "  All stories under the tag" 'All stories . tag News'
check "  holds that feed's stories" 'world story 2'
absent "  not the others'" 'tech story'
keys q t g Enter
check "t, every feed: the filter is gone" 'Feeds [1-4]/4 . 4 unread *$'
keys g j j r
check "r on a server's feed in the feed list says it syncs" \
    'tech\.xml is read through the feed server: syncing all'
check "r: and syncs" 'synced 2 feeds: from the server 0 new stories'
keys d
check "d on a server's feed says where to unsubscribe" \
    "Desk tech is the feed server's: unsubscribe there"
keys '?' G
check "?: the help says what the S mark is" \
    "S the feed server's \\(read through it; r syncs\\)"
keys q
quit

# --- R while the local feeds are still read: the sync runs beside them ----
# local.xml answers after 3 s, so the R comes while the start's refresh
# still reads it: it syncs all the same (it said only "a refresh is
# running" and left the server's changes for later).
echo "$B/local.xml?delay=3000" >"$CONF/urls"
tui_start
check "slow local feed: the start's sync is done first" \
    'synced 2 feeds: from the server 0 new stories'
t_ttrss_api updateArticle article_ids="$(sid 'world story 2')" mode=1 \
    field=0 >/dev/null
keys R
check "R during the refresh: says it syncs beside it" \
    'a refresh is running; syncing beside it'
check "  and the star comes from the server" \
    'from the server 0 new stories and 1 state,'
t_ttrss_api updateArticle article_ids="$(sid 'world story 2')" mode=0 \
    field=0 >/dev/null
quit
echo "$B/local.xml" >"$CONF/urls"

# --- the server's refusals, in words ---------------------------------------
printf 'wrong\n' >"$PWF"
tui_start
check "wrong password: login refused, in words" \
    'sync: .*login refused for user admin'
keys E
check "wrong password: on the errors screen" \
    'feed server: .*login refused for user admin'
quit
printf '%s\n' "$T_TTRSS_PASSWORD" >"$PWF"
chmod 644 "$PWF"
tui_start
check "password file others can read: refused, in words" \
    'sync: .*may be read or changed by others'
quit
chmod 600 "$PWF"
t_ttrss_psql -c "UPDATE ttrss_user_prefs SET value = 'false'
    WHERE pref_name = 'ENABLE_API_ACCESS'"
tui_start
check "API access disabled: names the setting" \
    'sync: .*API access is disabled for user admin'
keys E
check "API access disabled: on the errors screen" \
    'feed server: .*turn on "Enable API access"'
quit
t_ttrss_psql -c "UPDATE ttrss_user_prefs SET value = 'true'
    WHERE pref_name = 'ENABLE_API_ACCESS'"

# --- a server that never answers: the reader stays responsive -------------
t_hang_start
HANG_PID=$T_HANG_PID
config "http://127.0.0.1:$T_HANG_PORT/"
tui_start
check "hung server: syncing on the status line" 'syncing'
keys '?'
check "hung server: ? shows the help screen" 'Keys \(bind KEY ACTION'
keys G
check "hung server: the help lists C-g for the sync" \
    'C-g +cancel +.*or the sync'
keys q
check "hung server: q goes back to the stories" 'world story 1'
keys g j j
check "hung server: j moves the cursor" 'All stories . 3/5'
check "hung server: still syncing while keys work" 'syncing'
t_run sync
t_expect_rc "dateline sync while the reader syncs: refused" 1
t_grep "  naming the reader" "$T_TMP/err" \
    '^dateline sync: the reader \(pid [0-9]+\) is running on this cache'
keys C-g
check "C-g: the sync is cancelled, said on the message line" \
    'sync: cancelled, nothing changed; working from the cache'
absent "C-g: no longer syncing" 'syncing'
check "cancelled: the reader works from the cache" 'world story 1'
keys E
check "cancelled: on the errors screen" \
    'feed server: cancelled, nothing changed'
keys q

# --- Q while a sync hangs: the reader quits at once -----------------------
quit
tui_start
check "hung server again: syncing" 'syncing'
keys Q
n=20	# 1 s: the sync's request is dropped, not waited for
while [ ! -s "$T_TMP/exit" ] && [ "$n" -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
[ "$(cat "$T_TMP/exit" 2>/dev/null)" = 0 ] &&
    t_ok "Q during a hung sync quits within 1 s" ||
    t_bad "Q during a hung sync: exit status '$(cat "$T_TMP/exit" 2>/dev/null)' after 1 s"

# --- and times out by itself ----------------------------------------------
config "http://127.0.0.1:$T_HANG_PORT/" 2
tui_start
check "timeout: said on the message line" \
    'no answer from the server in 2\.[0-9] s: the sync timed out'
keys E
check "timeout: on the errors screen" \
    'feed server: .*the sync timed out'
keys q

# --- server unreachable ---------------------------------------------------
quit
config "http://127.0.0.1:$(t_ttrss_free_port)/"
tui_start
check "unreachable: said in words" 'sync: .*server unreachable'
check "unreachable: the stories stay" 'world story 1'

# --- R while `dateline sync` runs: the reader says who holds the lock ----
mkdir -p "$T_TMP/hung"
sed "s|^set sync-url .*|set sync-url http://127.0.0.1:$T_HANG_PORT/|
    s|^set download-timeout .*|set download-timeout 4|" "$CONF/config" \
    >"$T_TMP/hung/config"
"$DATELINE" --config-dir "$T_TMP/hung" sync >/dev/null 2>&1 &
hung=$!
n=100
while ! grep -q 'dateline sync' "$XDG_DATA_HOME/dateline/dateline.db.lock" \
    2>/dev/null && [ "$n" -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
keys R
check "R while dateline sync runs: says what holds the lock" \
    "dateline sync \\(pid $hung\\) is running on this cache"
wait "$hung"

quit
[ "$(cat "$T_TMP/exit" 2>/dev/null)" = 0 ] && t_ok "Q quits cleanly" ||
	t_bad "exit status '$(cat "$T_TMP/exit" 2>/dev/null)'"
$TM kill-server 2>/dev/null
t_done
