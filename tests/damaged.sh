#!/bin/sh
# damaged.sh: a refresh never writes into a damaged cache. Pages damaged
# with dd while no process has the cache open: a page the refresh reads
# stops it with "cache damaged: FILE" (SQLITE_CORRUPT); a page it never
# reads is found by the quick_check that follows a refresh that did not
# finish (kill -9). Either way the file is left as it was, every later
# refresh refuses too, and an undamaged cache passes after a kill.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/conc_lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }
DB=$CONC_DB
LOCK="$DB.lock"

# The server answers slowly, so that a refresh can be killed midway.
conc_setup --delay-ms 300
"$DATELINE" refresh >/dev/null 2>&1 || t_bad "first refresh"
cp "$DB" "$T_TMP/good.db"

# damage TABLE: overwrite the b-tree header of TABLE's root page.
damage() {
	python3 - "$DB" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
size = db.execute("PRAGMA page_size").fetchone()[0]
root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                  (sys.argv[2],)).fetchone()[0]
db.close()
print((root - 1) * size)
PY
}
put_damage() {
	off=$(damage "$1") &&
	printf 'DAMAGED!' | dd of="$DB" bs=1 seek="$off" conv=notrunc 2>/dev/null &&
	cp "$DB" "$T_TMP/bad.db"
}

# kill_midway: kill -9 a refresh once it holds the lock.
kill_midway() {
	"$DATELINE" refresh >/dev/null 2>&1 &
	pid=$!
	n=200
	while [ $n -gt 0 ] && [ ! -s "$LOCK" ]; do sleep 0.05; n=$((n - 1)); done
	sleep 0.1
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -s "$LOCK" ] && t_ok "$1: the killed refresh left its mark" ||
		t_bad "$1: no mark in $LOCK after the kill"
}

# refuses NAME REGEX: a refresh fails with REGEX on stderr and leaves the
# file as it was.
refuses() {

	t_run refresh
	[ "$T_RC" -ne 0 ] && t_ok "$1: refresh fails (exit $T_RC)" ||
		t_bad "$1: refresh exit 0"
	t_grep "$1: it says the cache is damaged" "$T_TMP/err" "$2"
	echo "# $(head -c 300 "$T_TMP/err")"
	cmp -s "$DB" "$T_TMP/bad.db" && t_ok "$1: nothing written" ||
		t_bad "$1: the damaged file changed"
}

# --- a page the refresh reads, after a clean shutdown ---
conc_gen 1
put_damage feeds
refuses "feeds page" "cache damaged: $DB: "
refuses "feeds page, again" "cache damaged: $DB: "

# --- an undamaged cache after a kill: checked, passes, mark cleared ---
cp "$T_TMP/good.db" "$DB"
kill_midway "undamaged"
t_run refresh
t_expect_rc "undamaged: the next refresh checks and completes" 0
[ -s "$LOCK" ] && t_bad "undamaged: the mark stays" ||
	t_ok "undamaged: the mark is cleared"

# --- a page no refresh reads, after a refresh was killed ---
cp "$T_TMP/good.db" "$DB"
conc_gen 2
kill_midway "articles page"
"$DATELINE" items >/dev/null 2>&1 || t_bad "items after the kill"
put_damage articles
refuses "articles page" \
	"the last refresh did not finish; cache damaged: $DB: quick_check: Page [0-9]+: "
refuses "articles page, again" "cache damaged: $DB: quick_check: "

t_done
