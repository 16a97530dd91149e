#!/bin/sh
# parse_golden.sh: every feed fixture parses to its golden JSON.
# A fixture tests/data/feed/NAME.{xml,json,rss,atom,rdf} pairs with
# NAME.golden (the expected stdout) and, where the document is damaged,
# NAME.stderr (a regex the warning must match) and NAME.rc (exit status).
# NAME.args holds extra arguments (for example --url or --charset).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

n=0
for golden in "$DATA"/feed/*.golden; do
	[ -f "$golden" ] || continue
	base=${golden%.golden}
	name=$(basename "$base")
	doc=
	for ext in xml rss atom rdf json txt; do
		[ -f "$base.$ext" ] && doc="$base.$ext"
	done
	if [ -z "$doc" ]; then
		t_bad "$name: no document beside the golden file"
		continue
	fi
	args=
	[ -f "$base.args" ] && args=$(cat "$base.args")
	want_rc=0
	[ -f "$base.rc" ] && want_rc=$(cat "$base.rc")
	# shellcheck disable=SC2086
	t_run parse $args "$doc"
	n=$((n + 1))
	if [ "$T_RC" -ne "$want_rc" ]; then
		t_bad "$name: exit $T_RC, wanted $want_rc: $(head -c 300 "$T_TMP/err")"
	elif ! cmp -s "$golden" "$T_TMP/out"; then
		t_bad "$name: output differs from golden:"
		diff "$golden" "$T_TMP/out" | head -20
	else
		t_ok "$name"
	fi
	if [ -f "$base.stderr" ]; then
		t_grep "$name: warning" "$T_TMP/err" "$(cat "$base.stderr")"
	elif [ -s "$T_TMP/err" ]; then
		t_bad "$name: unexpected stderr: $(head -c 300 "$T_TMP/err")"
	fi
done
[ "$n" -gt 0 ] || t_bad "no feed fixtures found in $DATA/feed"
t_done
