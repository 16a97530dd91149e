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
start() { tui_start 120 40 60; }

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

# --- kill -9 of the reader during its refresh, three times ---
files="$T_TMP/marked1 $T_TMP/marked2"
during=0
for r in 3 4 5; do
	start
	conc_mark_each "$r" "$T_TMP/marked$r"
	files="$files $T_TMP/marked$r"
	conc_gen $((r + 1))
	keys R
	# Feed N answers N * 60 ms late: from 250 ms on, the refresh
	# is writing.
	sleep "0.$((r * 5 + 10))"
	cap
	grep -q refreshed "$SCREEN" || during=$((during + 1))
	kill -9 "$(reader_pid)" 2>/dev/null
	n=200
	while [ "$n" -gt 0 ] && [ ! -s "$T_TMP/exit" ]; do
		sleep 0.05
		n=$((n - 1))
	done
	conc_expect "round $r: reader killed during its refresh" $files
done
echo "# kills of the reader before its refresh ended: $during of 3"

# --- kill -9 of a CLI refresh while the reader is open, three times ---
start
alive=0
for r in 6 7 8; do
	conc_gen $((r + 1))
	"$DATELINE" refresh >/dev/null 2>&1 &
	pid=$!
	conc_mark_each "$r" "$T_TMP/marked$r" &
	marks=$!
	files="$files $T_TMP/marked$r"
	# Once the refresh holds its lock (its mark is in the lock
	# file), let it write a while.
	n=400
	while [ $n -gt 0 ] && [ ! -s "$CONC_DB.lock" ]; do
		sleep 0.05
		n=$((n - 1))
	done
	sleep "0.$((r * 5))"
	kill -0 "$pid" 2>/dev/null && alive=$((alive + 1))
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	wait "$marks"
	conc_expect "round $r: CLI refresh killed beside the reader" $files
done
echo "# CLI refreshes killed before they ended: $alive of 3"
conc_mark_each 9 "$T_TMP/marked9"
files="$files $T_TMP/marked9"
keys R
check "R after the kills: the reader's refresh is done" \
	"refreshed $CONC_FEEDS feeds"
quit "after killed CLI refreshes"
conc_expect "the reader quit after the killed CLI refreshes" $files

t_done
