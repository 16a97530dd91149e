#!/bin/sh
# tui_list.sh: the reader's list screens as a newsboat user expects them
# (issue 14), driven in tmux against tests/httpd.py: n and p go on to the
# next feed with unread stories; every check reads the screen with tmux
# capture-pane.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-list
. "$top_srcdir/tests/tui_lib.sh"

# start: dateline in a new 120x30 tmux session.
start() {
	$TM kill-server 2>/dev/null
	rm -f "$T_TMP/exit"
	n=0
	until $TM new-session -d -x 120 -y 30 "sh $T_TMP/run.sh" 2>/dev/null
	do
		n=$((n + 1))
		[ $n -gt 40 ] && break
		sleep 0.05
	done
	wait_for 'All stories' || { t_bad "the reader did not start"; cap;
		sed 's/^/# /' "$SCREEN"; }
}

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
keys n
check "no unread story left anywhere: said" 'no next unread story'
stop

t_done
