#!/bin/sh
# tui_concurrent.sh: the cache stays whole while the reader is open and
# other dateline processes use it: after R in the reader, `feeds`, many
# `mark --read` and a `refresh` from other processes keep every mark and
# the cache passes its integrity check once the reader quits; kill -9 of
# the reader during its refresh, and of a CLI refresh while the reader is
# open, lose nothing either.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-conc
. "$top_srcdir/tests/tui_lib.sh"
. "$top_srcdir/tests/conc_lib.sh"

# start: the reader in a new tmux session.
start() {
	$TM kill-server 2>/dev/null
	rm -f "$T_TMP/exit"
	n=0
	until $TM new-session -d -x 120 -y 40 "sh $T_TMP/run.sh" 2>/dev/null
	do
		n=$((n + 1))
		[ $n -gt 40 ] && break
		sleep 0.05
	done
	wait_for 'All stories' 60 || { t_bad "the reader did not start"
		sed 's/^/# /' "$SCREEN"; }
}

# quit: Q, and wait (up to a minute) for the reader to exit.
quit() {
	keys Q
	n=1200
	while [ "$n" -gt 0 ] && [ ! -s "$T_TMP/exit" ]; do
		sleep 0.05
		n=$((n - 1))
	done
	[ "$(cat "$T_TMP/exit" 2>/dev/null)" = 0 ] && t_ok "$1: the reader quits" ||
		t_bad "$1: the reader did not exit 0"
}

# reader_pid: the pid of dateline in the tmux pane.
reader_pid() {
	pgrep -P "$($TM display -p '#{pane_pid}')" -x dateline
}

echo 'set refresh-on-start no' >"$CONF/config"
CONC_STAGGER=60 conc_setup
"$DATELINE" refresh >/dev/null 2>&1 || t_bad "first refresh"

# --- R in the reader, then other processes use the cache ---
start
conc_gen 1
keys R
check "R: the reader's refresh is done" "refreshed $CONC_FEEDS feeds"
"$DATELINE" feeds >/dev/null 2>&1 || t_bad "dateline feeds"
conc_mark_each 1 "$T_TMP/marked1"
conc_gen 2
"$DATELINE" refresh >/dev/null 2>"$T_TMP/err" ||
	t_bad "a CLI refresh beside the reader: $(cat "$T_TMP/err")"
conc_mark_each 2 "$T_TMP/marked2"
conc_gen 3
keys R
check "R again: the reader's refresh is done" "refreshed $CONC_FEEDS feeds"
quit "after R and other processes"
conc_expect "after R, feeds, marks and a refresh" \
	"$T_TMP/marked1" "$T_TMP/marked2"

# --- kill -9 of the reader during its refresh ---
start
conc_mark_each 3 "$T_TMP/marked3"
conc_gen 4
keys R
# Feed N answers N * 60 ms late: 350 ms in, the refresh is writing.
sleep 0.35
cap
grep -q refreshed "$SCREEN" && echo "# the reader's refresh ended before the kill" ||
	echo "# the reader was killed during its refresh"
kill -9 "$(reader_pid)" 2>/dev/null
n=200
while [ "$n" -gt 0 ] && [ ! -s "$T_TMP/exit" ]; do sleep 0.05; n=$((n - 1)); done
conc_expect "reader killed during its refresh" "$T_TMP/marked1" \
	"$T_TMP/marked2" "$T_TMP/marked3"

# --- kill -9 of a CLI refresh while the reader is open ---
start
conc_gen 5
"$DATELINE" refresh >/dev/null 2>&1 &
pid=$!
conc_mark_each 4 "$T_TMP/marked4"
sleep 0.1
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
conc_mark_each 5 "$T_TMP/marked5"
keys R
check "R after the kill: the reader's refresh is done" "refreshed $CONC_FEEDS feeds"
quit "after a killed CLI refresh"
conc_expect "CLI refresh killed beside the reader" "$T_TMP/marked1" \
	"$T_TMP/marked2" "$T_TMP/marked3" "$T_TMP/marked4" "$T_TMP/marked5"

t_done
