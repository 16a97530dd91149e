# tests/lib.sh: shared helpers for the shell integration tests.
# Sourced by each tests/*.sh; the harness exports top_srcdir,
# top_builddir and DATELINE (the built binary).

set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${DATELINE:=$top_builddir/dateline}"
DATA="$top_srcdir/tests/data"

T_PASS=0
T_FAIL=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dateline-test.XXXXXX")
trap 't_cleanup' EXIT

t_cleanup() {
	[ -n "${T_CLEANUP_HOOK:-}" ] && eval "$T_CLEANUP_HOOK"
	t_httpd_stop
	rm -rf "$T_TMP"
}

# Isolate every run from the user's own files.
export HOME="$T_TMP/home" XDG_CONFIG_HOME="$T_TMP/home/.config" \
	XDG_DATA_HOME="$T_TMP/home/.local/share" LC_ALL=C.UTF-8
mkdir -p "$HOME"

# t_hang_start: a server on 127.0.0.1 that accepts connections and never
# answers (a feed server that hangs); sets T_HANG_PORT and T_HANG_PID
# (the caller kills it), and leaves the port in $T_TMP/hang.port.
t_hang_start() {
	cat >"$T_TMP/hang.py" <<'PY'
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % s.getsockname()[1])
held = []
while True:
    c, _ = s.accept()
    held.append(c)	# read nothing, answer nothing
PY
	python3 "$T_TMP/hang.py" "$T_TMP/hang.port" &
	T_HANG_PID=$!
	_n=100
	while [ ! -s "$T_TMP/hang.port" ] && [ "$_n" -gt 0 ]; do
		sleep 0.05
		_n=$((_n - 1))
	done
	T_HANG_PORT=$(cat "$T_TMP/hang.port" 2>/dev/null)
}

# t_httpd_start ROOT [HTTPD-ARGS...]: start tests/httpd.py on 127.0.0.1
# (an ephemeral port) serving ROOT; sets T_HTTPD_PID, PORT and B (the base
# URL). It stops with the test, with t_httpd_stop, or when the next one
# starts.
t_httpd_start() {
	t_httpd_stop
	_root=$1
	shift
	: >"$T_TMP/port"
	python3 "$top_srcdir/tests/httpd.py" --root "$_root" \
		--max-seconds 300 "$@" >"$T_TMP/port" &
	T_HTTPD_PID=$!
	_i=0
	until grep -q '^PORT ' "$T_TMP/port"; do
		_i=$((_i + 1))
		if [ $_i -gt 200 ] || ! kill -0 "$T_HTTPD_PID" 2>/dev/null; then
			echo "httpd.py did not start"
			exit 1
		fi
		sleep 0.05
	done
	PORT=$(awk '/^PORT / { print $2 }' "$T_TMP/port")
	B="http://127.0.0.1:$PORT"
}

t_httpd_stop() {
	[ -n "${T_HTTPD_PID:-}" ] || return 0
	kill "$T_HTTPD_PID" 2>/dev/null
	wait "$T_HTTPD_PID" 2>/dev/null
	T_HTTPD_PID=
}

t_ok() { T_PASS=$((T_PASS + 1)); echo "ok - $1"; }
t_bad() { T_FAIL=$((T_FAIL + 1)); echo "not ok - $1"; }

# t_run: run the binary, capturing status, stdout and stderr.
t_run() {
	"$DATELINE" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
}

# t_expect_rc NAME WANT: the last t_run exited with WANT.
t_expect_rc() {
	if [ "$T_RC" -eq "$2" ]; then t_ok "$1 (exit $2)"
	else t_bad "$1: exit $T_RC, wanted $2; stderr: $(head -c 300 "$T_TMP/err")"
	fi
}

# t_grep NAME FILE REGEX: FILE has a line matching REGEX.
t_grep() {
	if grep -Eq -- "$3" "$2"; then t_ok "$1"
	else t_bad "$1: no /$3/ in $(basename "$2"): $(head -c 300 "$2")"
	fi
}

t_lines() { wc -l <"$1" | tr -d ' '; }

t_done() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}
