#!/bin/sh
# tui_group.sh: the reader shows a syndicated story once (issue 17): the
# All stories list has one row for the English wire story in five
# outlets, with "+4"; its article lists the other outlets under the
# headline; c lists the copies and opens any one; marking it read marks
# every copy.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-group
. "$top_srcdir/tests/tui_lib.sh"

python3 "$DATA/group/make_feeds.py" "$WWW" || exit 1
t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_bad "$1: got '$2', wanted '$3'"; fi
}

t_httpd_start "$WWW"
for f in ap jt kh st cna; do echo "$B/$f.xml"; done >"$CONF/urls"
printf 'set refresh-on-start no\nset start-view all\n' >"$CONF/config"
"$DATELINE" refresh >/dev/null 2>&1
"$DATELINE" items >/dev/null 2>&1	# groups what the refresh queued

COPIES='Strong quake shakes|Japan quake kills 2|Magnitude 6.8 quake hits|rocks southern Japan|topples houses'
tui_start
check "the wire story once, with its four other copies" \
	"($COPIES).* \+4 +[A-Z]"
cap
t_eq "no other copy of it" "$(grep -Ec "$COPIES" "$SCREEN")" 1
check "a story alone has no count" 'relief package +AP Asia-Pacific'
# open the group's row: the rows start on the screen's second line
row=$(grep -En "$COPIES" "$SCREEN" | cut -d: -f1)
i=2
while [ "$i" -lt "$row" ]; do keys j; i=$((i + 1)); done
keys Enter
check "its article lists the other outlets" 'Also in: .*, .*, .*, '
cap
t_eq "four outlets, none twice" "$(grep 'Also in:' "$SCREEN" |
	tr ',' '\n' | sed 's/.*: //; s/^ *//; s/ *$//' | sort -u | wc -l)" 4
# c lists the copies, one row each with its feed; Enter opens any one
keys c
check "c: the copies' screen" 'Copies . '
cap
ROWS="^ +[A-Z]* +[0-9]{4}-[0-9]{2}-[0-9]{2} +.*($COPIES)"
t_eq "c: five copies listed" "$(grep -Ec "$ROWS" "$SCREEN")" 5
t_eq "c: in five feeds" "$(grep -E "$ROWS" "$SCREEN" |
	sed 's/.*  \([^ ].*[^ ]\) *$/\1/' | sort -u | wc -l)" 5
keys A	# the selected copy's feed, not every story
check "A on the copies marks the selected copy's feed" \
	'marked [0-9]+ stor(y|ies) of .* read'
third=$(grep -E "$ROWS" "$SCREEN" | sed -n 3p |
	sed 's/^ *[A-Z]* *[0-9-]* *//; s/  .*//')
keys j j Enter
check "Enter on a copy opens that copy" "^ *$third"
keys q q q
check "back on the list" 'relief package'
row=$(grep -En 'relief package' "$SCREEN" | cut -d: -f1)
keys g
i=2
while [ "$i" -lt "$row" ]; do keys j; i=$((i + 1)); done
keys c
check "c on a story alone says so" 'no other feed carried this story'
sleep 0.3
"$DATELINE" items --json >"$T_TMP/items.json"
t_eq "reading one copy marks all five read" "$(python3 -c "import json, sys
print(sum(1 for i in json.load(open(sys.argv[1])) if i['same_as'] is not None and i['read']))" \
	"$T_TMP/items.json")" 5
t_done
