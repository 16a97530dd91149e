#!/bin/sh
# everyday.sh: what a daily reader expects of the commands (issue 14): a
# story without a date shows and sorts by when dateline first saw it, and
# a feed's "~Title" from the urls file is the title `items` shows.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
URLS="$XDG_CONFIG_HOME/dateline/urls"
py() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_bad "$1: got '$2', wanted '$3'"; fi
}

mkdir -p "$WWW" "$(dirname "$URLS")"
cp "$DATA/everyday/undated.xml" "$WWW"/
t_httpd_start "$WWW"
echo "$B/undated.xml \"~My Title\"" >"$URLS"

# --- first seen: 2023-11-14 22:13:20 UTC; "today" is 2027 ---
DATELINE_NOW=1700000000 t_run refresh
t_expect_rc "refresh" 0
export DATELINE_NOW=1800000000
t_run items
t_expect_rc "items" 0
t_grep "undated: the time first seen, not today" "$T_TMP/out" \
	'^ +[0-9]+  2023-11-14 22:13  N   My Title +Undated story$'
t_eq "sorted by first seen: after the newer dated story" \
	"$(sed 's/.*  //' "$T_TMP/out" | tr '\n' ,)" "Dated story,Undated story,"
t_grep "the urls file's ~Title wins" "$T_TMP/out" \
	'^ +[0-9]+  2024-01-01 08:00  N   My Title +Dated story$'
"$DATELINE" items --json >"$T_TMP/items.json"
t_eq "json: first_seen of every item" \
	"$(py '",".join(str(i["first_seen"]) for i in d)' <"$T_TMP/items.json")" \
	"2023-11-14T22:13:20Z,2023-11-14T22:13:20Z"
t_eq "json: order and dates" \
	"$(py '",".join("%s %s" % (i["title"], i["published"]) for i in d)' \
	<"$T_TMP/items.json")" \
	"Dated story 2024-01-01T08:00:00Z,Undated story None"
t_eq "json: feed_title is the ~Title" \
	"$(py '",".join(i["feed_title"] for i in d)' <"$T_TMP/items.json")" \
	"My Title,My Title"
unset DATELINE_NOW

t_done
