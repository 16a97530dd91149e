#!/bin/sh
# tui_list.sh: the reader's list screens as a newsboat user expects them
# (issue 14), driven in tmux against tests/httpd.py: n and p go on to the
# next feed with unread stories; every check reads the screen with tmux
# capture-pane.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-list
. "$top_srcdir/tests/tui_lib.sh"

# start: dateline in a new 120x30 tmux session.
start() { tui_start 120 30; }

# stop: Q, and wait for the reader to exit.
stop() {
	keys Q
	n=100
	while [ "$n" -gt 0 ] && [ ! -s "$T_TMP/exit" ]; do
		sleep 0.05
		n=$((n - 1))
	done
}

# fresh: a new cache with every story unread.
fresh() {
	rm -rf "$XDG_DATA_HOME/dateline"
	"$DATELINE" refresh >/dev/null 2>&1
}

t_httpd_start "$WWW"
cp "$DATA/tuilist/alpha.xml" "$DATA/tuilist/beta.xml" \
	"$DATA/tuilist/gamma.xml" "$WWW/"
cat >"$CONF/urls" <<EOT
$B/alpha.xml world
$B/beta.xml local
$B/gamma.xml world
EOT
echo 'set refresh-on-start no' >"$CONF/config"
fresh

# 1. n and p: on to the next feed with unread stories, in a story list,
# from an article and in the feed list.
start
keys n
check "n in the feed list selects the first feed with unread stories" \
	'Feeds 2/4'
keys n n
check "n again selects the next one" 'Feeds 4/4'
keys p
check "p selects the previous one" 'Feeds 3/4'
keys g j Enter
check "the first feed's story list" 'Alpha Wire .*1/2'
keys n
check "n: the feed's next unread story" 'Alpha Wire .*2/2'
keys n
check "n past the feed's last unread story: the next feed" \
	'Beta Post .*1/2'
keys p
check "p before the feed's first unread story: the previous feed" \
	'Alpha Wire .*2/2'
keys Enter
check "the article" 'Text of Alpha two'
keys n
check "n in the last unread article of a feed: the next feed's story" \
	'Text of Beta one'
keys n n
check "and on to the third feed" 'Text of Gamma undated'
# The story's page is missing on the test server: wait for that message,
# or it could come after the next one and overwrite it.
check "  the page was missing" 'full article: .*showing the feed'
keys n
check "no unread story left anywhere: said" 'no next unread story'
stop

# 2. Hiding read stories and feeds (H, hide-read) and the story order
# (O, sort), each list read a window at a time from the cache.
# before NAME A B: on the screen, a line matching A comes before one
# matching B.
before() {
	cap
	a=$(grep -nE -- "$2" "$SCREEN" | head -1 | cut -d: -f1)
	b=$(grep -nE -- "$3" "$SCREEN" | head -1 | cut -d: -f1)
	if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then t_ok "$1"
	else t_bad "$1: /$2/ (line ${a:-none}) not before /$3/ (line \
${b:-none}):"; sed 's/^/# /' "$SCREEN"; fi
}
fresh
start
keys Tab
check "All stories" 'All stories .*1/5'
before "newest first by default" 'Beta one' 'Alpha one'
before "  down to the oldest" 'Alpha two' 'Another Beta story'
keys O
check "O: oldest first" 'All stories .*oldest first'
before "  the oldest story on top" 'Another Beta story' 'Alpha two'
before "  the newest dated one after" 'Alpha one' 'Beta one'
keys O
check "O again: by feed" 'All stories .*by feed'
before "  a feed's stories together" 'Alpha two' 'Beta one'
before "  newest first within a feed" 'Beta one' 'Another Beta story'
keys O
check "O again: by title" 'All stories .*by title'
before "  titles in order" 'Another Beta story' 'Beta one'
keys O
check "O again: newest first" 'All stories .* 1/5 *$'
keys G
check "G: the last story" 'All stories .* 5/5'
# The two newest: Gamma's undated story (first seen now) and Beta one.
keys g N j N
keys H
check "H hides the read stories" 'All stories .*/3 .*unread only'
absent "  the read ones are gone" 'Gamma undated|Beta one'
keys q
check "the feed list" 'Feeds .*read feeds hidden'
absent "  without the feed with nothing unread" 'Gamma Daily'
keys H
check "H again shows them" 'Gamma Daily'
stop
printf 'set refresh-on-start no\nset hide-read yes\nset sort oldest\n' \
	>"$CONF/config"
start
check "set hide-read yes: the read feeds hidden at start" 'Beta Post'
absent "  no Gamma Daily" 'Gamma Daily'
keys Tab
check "set sort oldest: All stories oldest first, unread only" \
	'All stories .*1/3 .*unread only .*oldest first'
stop
echo 'set refresh-on-start no' >"$CONF/config"

# 3. Dates in the local time zone, with date-format; a story without a
# date shows and sorts by when dateline first saw it: the cache says
# 2024-02-20 10:00 UTC for Gamma's undated story.
fresh
python3 - "$XDG_DATA_HOME/dateline/dateline.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE items SET first_seen = 1708423200, sort_date = 1708423200"
           " WHERE guid = 'g1'")
db.commit()
PY
echo "TZ=JST-9; export TZ" >"$T_TMP/env"
start
keys Tab
check "TZ: Beta one (2024-03-05 23:30 UTC) is dated the 6th in Japan" \
	'2024-03-06 +Beta one'
check "an undated story shows when it was first seen" \
	'2024-02-20 +Gamma undated'
before "  and sorts by it: last" 'Another Beta story' 'Gamma undated'
keys G Enter
check "its article header: the first-seen date, local time" \
	'Gamma Daily .*2024-02-20 19:00 JST'
keys q g Enter
check "an article header in local time" 'Beta Post .*2024-03-06 08:30 JST'
stop
printf 'set refresh-on-start no\nset date-format "%%d %%b %%Y"\n' \
	>"$CONF/config"
start
keys Tab
check "date-format: the date column" '06 Mar 2024 +Beta one'
keys Enter
check "date-format: the article header" 'Beta Post .*06 Mar 2024 08:30 JST'
stop
rm -f "$T_TMP/env"
echo 'set refresh-on-start no' >"$CONF/config"

# 4. A key-hint line for the current screen (key-hints no: none), and a
# title line that says where the user is.
start
check "the feed list's key hints" '^Enter:Open  n:Next unread  A:Mark read'
check "  the title line" '^dateline .* Feeds '
keys Tab
check "All stories: the title line" '^dateline .* All stories '
check "  a story list's key hints" '^Enter:Open  q:Back  n:Next unread'
keys S
check "the saved view is called Saved" '^dateline .* Saved +\? help'
absent "  not Stories" '^dateline .* Stories'
keys q q j Enter
check "a feed's stories: its name in the title line" \
	'^dateline .* Alpha Wire +\? help'
keys Enter
check "an article's key hints" '^q:Back  n:Next unread'
stop
printf 'set refresh-on-start no\nset key-hints no\n' >"$CONF/config"
start
absent "key-hints no: no hint line" 'Enter:Open'
stop
echo 'set refresh-on-start no' >"$CONF/config"

# 5. t: the tags in use with their unread counts; Enter filters by one.
fresh
start
keys t
check "t: the tag list" '^dateline .* Tags '
check "  every feed first" '^  \(every feed\) +5 unread  3 feeds'
check "  a tag of one feed" '^  local +2 unread  1 feed *$'
check "  a tag of two" '^  world +3 unread  2 feeds'
before "  by name" '^  local' '^  world'
keys j j Enter
check "Enter: the feed list shows that tag's feeds" \
	'Feeds 1/3 .* tag world'
check "  Alpha" 'Alpha Wire'
check "  Gamma" 'Gamma Daily'
absent "  not Beta" 'Beta Post'
keys t
check "t again: the cursor on the tag in force" 'Tags 3/3'
keys g Enter
check "(every feed): no filter" 'Beta Post'
stop

# 6. Messages belong to their screen; A and d say what they do where
# they are; plural forms.
fresh
start
keys p
check "p on the first row: said" 'no previous feed with unread stories'
keys 1
check "1 in the feed list: said" 'links open from a story'
keys Enter
check "All stories" '^All stories · [0-9]'
absent "  the feed list's message went with it" 'links open from a story'
keys q t j Enter
check "a message said by the key that leaves a screen stays" \
	'^feeds tagged local'
keys t g Enter
keys d
check "d on the All stories row says what d does" \
	'd unsubscribes from the selected feed \(All stories is not one\)'
keys G A
check "A in the feed list names the feed" \
	'marked 1 story of Gamma Daily read'
keys r
check "one feed refreshed: 1 feed" 'refreshed 1 feed: 0 new stories'
keys Tab A
check "A in All stories asks to mark every story" \
	'mark every story of every feed read\? \(y/n\)'
keys y
check "  y: all marked" 'marked 4 stories read'
check "  the list reloads" 'All stories .*1/5'
absent "  no unread mark left" '^ N '
keys q
check "  and the feed list" 'Feeds .* 0 unread'
stop

t_done
