# tests/tui_lib.sh: what the tests driving the reader in tmux share.
# Sourced after lib.sh, with TUI_NAME set (the tmux server's name): skips
# without tmux or python3; gives WWW (pages to serve) and CONF, a tmux
# server of the test's own ($TM, killed with the test), $T_TMP/run.sh
# (runs dateline, sourcing $T_TMP/env if there is one, then writes its
# exit status to $T_TMP/exit) and the screen checks below.

command -v tmux >/dev/null 2>&1 || { echo "tmux missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }

WWW="$T_TMP/www"
CONF="$XDG_CONFIG_HOME/dateline"
SCREEN="$T_TMP/screen"
TM="tmux -L $TUI_NAME-$$ -f $T_TMP/tmux.conf"
# kill-server leaves the socket file behind: remove it too.
T_CLEANUP_HOOK="$TM kill-server 2>/dev/null; rm -f \
'${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TUI_NAME-$$'"

mkdir -p "$WWW" "$CONF"
printf 'set -g remain-on-exit on\nset -g status off\nset -g set-clipboard on\n' \
	>"$T_TMP/tmux.conf"
cat >"$T_TMP/run.sh" <<RUN
export HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \\
	XDG_DATA_HOME='$XDG_DATA_HOME' LC_ALL=C.UTF-8
[ -f '$T_TMP/env' ] && . '$T_TMP/env'
'$DATELINE'
echo \$? >'$T_TMP/exit'
RUN

# cap: the screen into $SCREEN.
cap() { $TM capture-pane -p >"$SCREEN" 2>/dev/null; }

# wait_for REGEX [SECONDS]: poll the screen until a line matches; 0 or 1.
wait_for() {
	n=$(( ${2:-10} * 20 ))
	while [ "$n" -gt 0 ]; do
		cap
		grep -Eq -- "$1" "$SCREEN" && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}

# tui_state: how the reader's process and threads stand (for a failed
# check: a reader that hangs shows where, one that is busy what state).
tui_state() {
	for p in $(pgrep -P "$($TM display -p '#{pane_pid}' 2>/dev/null)" \
	    2>/dev/null); do
		for t in /proc/"$p"/task/*; do
			echo "# thread ${t##*/}: $(cut -d' ' -f3 "$t/stat" \
			    2>/dev/null) $(cat "$t/wchan" 2>/dev/null)"
		done
	done
}

# check NAME REGEX: wait for REGEX on the screen.
check() {
	if wait_for "$2"; then t_ok "$1"
	else t_bad "$1: no /$2/ on the screen:"; sed 's/^/# /' "$SCREEN"
		tui_state; fi
}

# absent NAME REGEX: REGEX is not on the screen now.
absent() {
	cap
	if grep -Eq -- "$2" "$SCREEN"; then
		t_bad "$1: /$2/ is on the screen:"; sed 's/^/# /' "$SCREEN"
	else t_ok "$1"; fi
}

keys() { $TM send-keys "$@"; }

# tui_start [COLS [ROWS [WAIT]]]: start the reader afresh in a new
# session (120x40 by default); unless WAIT is 0, wait up to WAIT
# seconds (10) for "All stories", and report a reader that did not
# start. A server still exiting from kill-server fails new-session:
# retry.
tui_start() {
	$TM kill-server 2>/dev/null
	rm -f "$T_TMP/exit"
	n=0
	until $TM new-session -d -x "${1:-120}" -y "${2:-40}" \
	    "sh $T_TMP/run.sh" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt 40 ] && break
		sleep 0.05
	done
	[ "${3:-10}" = 0 ] && return 0
	wait_for 'All stories' "${3:-10}" || { t_bad "the reader did not start"
		cap; sed 's/^/# /' "$SCREEN"; }
}
