#!/bin/sh
# items_cli.sh: `dateline items` and `dateline mark` on a cache filled by
# a real refresh from the fixtures in tests/data/refresh: filters, search
# in English and Korean, limits, JSON, state changes and their errors.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
URLS="$XDG_CONFIG_HOME/dateline/urls"

srv_start() {
	t_httpd_start "$WWW"
}

py() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_bad "$1: got '$2', wanted '$3'"; fi
}
# jitems ARGS: `items --json ARGS`, then EXPR over d
jitems() {
	expr=$1
	shift
	"$DATELINE" items --json "$@" | py "$expr"
}

mkdir -p "$WWW" "$(dirname "$URLS")"
cp "$DATA/refresh/rss.xml" "$DATA/refresh/atom.atom" \
	"$DATA/refresh/euckr.rss" "$WWW"/
srv_start
cat >"$URLS" <<EOF
$B/rss.xml
$B/atom.atom
$B/euckr.rss?charset=euc-kr
EOF

t_run items
t_expect_rc "items before any refresh" 0
t_eq "no items yet" "$(t_lines "$T_TMP/out")" 0

t_run refresh
t_expect_rc "refresh from fixtures" 0
t_grep "7 stories" "$T_TMP/out" '^refreshed 3 feeds: 7 new stories, 0 errors$'

# --- text and JSON ---
t_run items
t_expect_rc "items" 0
t_eq "one line per item" "$(t_lines "$T_TMP/out")" 7
t_grep "text line: id, date, unread flag, feed, title" "$T_TMP/out" \
	'^ +[0-9]+  2023-09-22 07:00  N   Harbour Wire +Typhoon warning lifted for the southern ports$'
t_eq "newest first" "$(head -1 "$T_TMP/out" | sed 's/.*  //')" \
	"Snow arrives early on the northern ridge"
# The title column starts at one display column on every line, whatever
# the script of the feed title (Korean feed titles are two columns wide).
"$DATELINE" items --json >"$T_TMP/items.json"
t_eq "titles line up by display width" "$(python3 - "$T_TMP/out" \
    "$T_TMP/items.json" <<'PYEOF'
import json, sys, unicodedata
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
titles = [i["title"] for i in json.load(open(sys.argv[2], encoding="utf-8"))]
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
cols = set()
for line, title in zip(lines, titles):
    assert line.endswith(title), (line, title)
    cols.add(width(line[:len(line) - len(title)]))
print(sorted(cols))
PYEOF
)" "[52]"
t_run feeds
t_eq "feeds: URL column lines up by display width" "$(python3 - \
    "$T_TMP/out" <<'PYEOF'
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]
print(len(rows), len(set(width(r[:r.index("http")]) for r in rows)))
PYEOF
)" "3 1"
t_eq "JSON: 7 items" "$(jitems 'len(d)')" 7
t_eq "JSON fields" "$(jitems 'sorted(d[0].keys())')" \
	"['author', 'feed', 'feed_title', 'first_seen', 'id', 'link', 'published', 'read', 'same_as', 'saved', 'title', 'updated']"
t_eq "JSON dates in UTC" "$(jitems "[i['published'] for i in d if i['title'].startswith('서울')][0]")" \
	"2023-09-22T00:00:00Z"
t_eq "ids are distinct integers" "$(jitems 'len(set(i["id"] for i in d if isinstance(i["id"], int)))')" 7

# --- filters ---
t_eq "--feed" "$(jitems "sorted(i['title'] for i in d)" --feed "$B/atom.atom")" \
	"['Snow arrives early on the northern ridge', 'Trail repairs finished before the holiday']"
t_eq "--search English word" "$(jitems "[i['title'] for i in d]" --search typhoon)" \
	"['Typhoon warning lifted for the southern ports']"
t_eq "--search 2-character Korean word" "$(jitems "[i['title'] for i in d]" --search 태풍)" \
	"['서울에 태풍 경보 발령']"
t_eq "--search in the summary text" "$(jitems "[i['title'] for i in d]" --search volunteers)" \
	"['Trail repairs finished before the holiday']"
t_eq "--search with no match" "$(jitems 'len(d)' --search zeppelin)" 0
t_eq "--limit" "$(jitems "[i['title'] for i in d]" --limit 2)" \
	"['Snow arrives early on the northern ridge', 'Typhoon warning lifted for the southern ports']"
t_run items --limit 0
t_expect_rc "--limit 0" 2
t_run items --limit x
t_expect_rc "--limit not a number" 2

# --- mark ---
ids=$(jitems "' '.join(str(i['id']) for i in d)" --feed "$B/rss.xml")
set -- $ids
t_run mark "$1" "$2" --read
t_expect_rc "mark two read" 0
t_eq "--unread after marking" "$(jitems 'len(d)' --unread)" 5
t_eq "marked items read" "$(jitems "sorted(i['read'] for i in d if i['id'] in ($1, $2))")" "[True, True]"
t_run mark "$2" --unread
t_eq "--unread undoes" "$(jitems 'len(d)' --unread)" 6
t_run mark "$3" --save
t_expect_rc "mark save" 0
t_eq "--saved" "$(jitems "[i['id'] for i in d]" --saved)" "[$3]"
t_eq "--saved --unread combine" "$(jitems 'len(d)' --saved --unread)" 1
t_run mark "$3" --unsave
t_eq "--unsave" "$(jitems 'len(d)' --saved)" 0
t_run refresh
t_eq "state survives a refresh" "$(jitems "[(i['id'], i['read']) for i in d if i['id'] == $1]")" \
	"[($1, True)]"

t_run mark 999999 --read
t_expect_rc "unknown id" 1
t_grep "unknown id says no item" "$T_TMP/err" 'no item 999999'
t_run mark "$1" 999999 --unread
t_expect_rc "one unknown id fails the whole mark" 1
t_eq "nothing changed" "$(jitems "[i['read'] for i in d if i['id'] == $1]")" "[True]"
t_run mark abc --read
t_expect_rc "non-number id" 2
t_run mark "$1"
t_expect_rc "no state option" 2
t_run mark "$1" --read --save
t_expect_rc "two state options" 2

t_done
