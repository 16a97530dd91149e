#!/bin/sh
# concurrent.sh: headless processes sharing the cache: a `dateline
# refresh` writing while `feeds`, `items` and many `mark --read` run from
# other processes; afterwards every mark is there and the cache passes
# its integrity check. The cache and its -wal and -shm are private (0600).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/conc_lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }

# The server answers slowly, feed N 150 ms later than feed N - 1, so that
# the refresh writes while the marks are made.
CONC_STAGGER=150 conc_setup --delay-ms 100
"$DATELINE" refresh >/dev/null 2>&1 || t_bad "first refresh"
[ "$(stat -c %a "$CONC_DB")" = 600 ] && t_ok "the new cache is private" ||
	t_bad "the new cache has mode $(stat -c %a "$CONC_DB")"

files=""
overlap=0
r=1
while [ $r -le 3 ]; do
	conc_gen "$r"
	"$DATELINE" refresh >"$T_TMP/refresh.out" 2>&1 &
	pid=$!
	if [ $r -eq 1 ]; then
		# The WAL and its index exist while the refresh runs.
		n=200
		while [ $n -gt 0 ] && [ ! -f "$CONC_DB-wal" ]; do
			sleep 0.05
			n=$((n - 1))
		done
		modes=$(stat -c %a "$CONC_DB-wal" "$CONC_DB-shm" 2>&1 | tr '\n' ' ')
		[ "$modes" = "600 600 " ] && t_ok "-wal and -shm are private" ||
			t_bad "-wal and -shm: $modes"
	fi
	"$DATELINE" feeds >/dev/null 2>&1 || t_bad "round $r: feeds"
	conc_mark_each "$r" "$T_TMP/marked$r" "$pid"
	overlap=$((overlap + CONC_DURING))
	"$DATELINE" items >/dev/null 2>&1 || t_bad "round $r: items"
	wait "$pid" || t_bad "round $r: refresh: $(cat "$T_TMP/refresh.out")"
	files="$files $T_TMP/marked$r"
	conc_expect "round $r: refresh beside feeds, items and marks" $files
	r=$((r + 1))
done

echo "# marks made while the refresh ran: $overlap of 90"
t_done
