#!/bin/sh
# group.sh: one story, not five (issue 17), through the real binary and
# tests/httpd.py: wire copies in several outlets' feeds (English and
# Korean, tests/data/group) are grouped, hard negatives and follow-ups
# stay apart, a summary-only copy joins once its article is fetched,
# `items` shows a group once, group-stories no turns it off, and kill -9
# during a refresh leaves consistent groups.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
CONF="$XDG_CONFIG_HOME/dateline"
DB="$XDG_DATA_HOME/dateline/dateline.db"
G="$DATA/group"
PAIRS="$top_srcdir/bench/group_pairs.py"

t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_bad "$1: got '$2', wanted '$3'"; fi
}

items_json() { "$DATELINE" items --json "$@" >"$T_TMP/items.json"; }
# same NAME: the same_as of the item whose link ends in NAME (or .html)
same() {
	python3 -c "import json, sys
for it in json.load(open(sys.argv[1])):
    if it['link'].rsplit('/', 1)[-1].split('.')[0] == sys.argv[2]:
        print(it['same_as'])" "$T_TMP/items.json" "$1"
}
id_of() {
	python3 -c "import json, sys
for it in json.load(open(sys.argv[1])):
    if it['link'].rsplit('/', 1)[-1].split('.')[0] == sys.argv[2]:
        print(it['id'])" "$T_TMP/items.json" "$1"
}

# consistent: every group in the cache is whole: its first item (lowest
# id) is its own same_as, every member points at it, no group of one,
# and every signature belongs to an item.
consistent() {
	python3 - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("PRAGMA integrity_check").fetchall()
if r != [("ok",)]:
    sys.exit("integrity_check: %r" % r[:3])
groups = {}
for i, s in db.execute("SELECT id, same_as FROM items"
                       " WHERE same_as IS NOT NULL"):
    groups.setdefault(s, []).append(i)
for s, m in groups.items():
    if min(m) != s or len(m) < 2:
        sys.exit("group %d: members %r" % (s, m))
n = db.execute("SELECT count(*) FROM item_sig WHERE item_id NOT IN"
               " (SELECT id FROM items)").fetchone()[0]
if n:
    sys.exit("%d signatures of no item" % n)
EOF
}

mkdir -p "$WWW" "$CONF"
python3 "$G/make_feeds.py" "$WWW" || exit 1
t_httpd_start "$WWW"
for f in ap jt kh st cna yonhap kbs chosun wire; do
	echo "$B/$f.xml"
done >"$CONF/urls"

t_run refresh
t_expect_rc "refresh of nine outlets" 0
items_json
t_eq "every item has same_as" "$(python3 -c "import json, sys
print(all('same_as' in i for i in json.load(open(sys.argv[1]))))" \
	"$T_TMP/items.json")" "True"
EN="en_quake_ap en_quake_jt en_quake_kh en_quake_st en_quake_cna"
root=$(same en_quake_ap)
t_eq "the English wire story in five outlets is one group" \
	"$(for n in $EN; do same $n; done | sort -u)" "$root"
t_eq "whose first item is its first copy" "$root" \
	"$(for n in $EN; do id_of $n; done | sort -n | head -1)"
kroot=$(same ko_fire_yonhap)
t_eq "the Korean story in four outlets is one group" \
	"$(for n in ko_fire_kbs ko_fire_hani ko_fire_chosun; do same $n; \
	    done | sort -u)" "$kroot"
t_eq "its first copy is its group's first item" \
	"$kroot" "$(for n in ko_fire_yonhap ko_fire_kbs ko_fire_hani \
	    ko_fire_chosun; do id_of $n; done | sort -n | head -1)"
t_eq "another agency, an explainer, follow-ups, same people: alone" \
	"$(for n in en_quake_reuters en_quake_explainer en_quake_followup \
	    en_ishiba_visit ko_fire_followup ko_fire_newsis; do same $n; \
	    done | sort -u)" "None"
t_eq "a summary-only copy stays apart before its article" \
	"$(same en_quake_wire)" "None"
python3 "$PAIRS" "$T_TMP/items.json" "$G/truth" --min-precision 1 \
	>"$T_TMP/pairs" && t_grep "pairs before the article: all right" \
	"$T_TMP/pairs" "precision 1.000 recall 0.762" ||
	t_bad "pairs before the article: $(cat "$T_TMP/pairs")"
consistent && t_ok "groups consistent" || t_bad "groups inconsistent"

# `dateline read` fetches the page and extracts the article: the copy
# is judged again by its whole text.
t_run read "$(id_of en_quake_wire)"
t_expect_rc "read fetches the summary-only copy's article" 0
items_json
t_eq "and it joins its group" "$(same en_quake_wire)" "$root"
if python3 "$PAIRS" "$T_TMP/items.json" "$G/truth" --min-precision 0.98 \
    --min-recall 0.95 >"$T_TMP/pairs"; then
	t_ok "precision and recall of same-story pairs: $(cat "$T_TMP/pairs")"
else
	t_bad "pairs: $(cat "$T_TMP/pairs")"
fi
consistent && t_ok "groups consistent" || t_bad "groups inconsistent"

# The text list shows a group once, on its first copy, with +N.
t_run items
t_eq "items lists 16 stories as 8 rows" "$(wc -l <"$T_TMP/out")" 8
t_grep "the English group on its first copy, +5" "$T_TMP/out" \
	"^ *$root .*  \\+5\$"
# copies: the lines with one of the six headlines of the English story
copies() {
	grep -c 'Strong quake shakes\|Kagoshima; two\|Japan quake kills 2\|rocks southern\|topples houses\|Deadly quake' "$1"
}
t_eq "no other copy of it" "$(copies "$T_TMP/out")" 1
t_run items --feed "$B/jt.xml"
t_grep "a feed's own copy shows when the first is elsewhere" \
	"$T_TMP/out" "Magnitude 6.8 quake hits Kagoshima; two killed  \\+5\$"

# Marks stay per item (the reader acts on groups).
t_run mark --read "$root"
t_run items --unread
t_eq "unread: the group's first unread copy stands for it" \
	"$(copies "$T_TMP/out") $(grep -c "^ *$root " "$T_TMP/out")" "1 0"

printf 'set group-stories no\n' >"$CONF/config"
items_json
t_eq "group-stories no: same_as null everywhere" "$(python3 -c "import json, sys
print(sorted(set(str(i['same_as']) for i in json.load(open(sys.argv[1])))))" \
	"$T_TMP/items.json")" "['None']"
t_run items
t_eq "and every copy listed" "$(wc -l <"$T_TMP/out")" 16
printf 'set group-threshold 101\n' >"$CONF/config"
t_run items
t_grep "group-threshold is checked" "$T_TMP/err" "group-threshold"
rm -f "$CONF/config"

# Prefetching: one refresh of a new cache fetches the summary-only
# copy's page and groups it.
rm -rf "$XDG_DATA_HOME/dateline"
printf 'set prefetch-articles yes\n' >"$CONF/config"
t_run refresh
t_expect_rc "refresh with prefetch" 0
items_json
t_eq "the prefetched copy joins in the same refresh" \
	"$(same en_quake_wire)" "$(same en_quake_ap)"
rm -f "$CONF/config"

# kill -9 during refreshes of many syndicated stories: groups stay whole.
rm -rf "$XDG_DATA_HOME/dateline"
python3 - "$WWW" "$G/text" <<'EOF'
import os, random, sys
www, text = sys.argv[1], sys.argv[2]
rnd = random.Random(17)
stories = [open(os.path.join(text, n), encoding="utf-8").read()
           for n in sorted(os.listdir(text))]
for f in range(30):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
           '<channel><title>K %d</title>' % f]
    for i in range(40):
        s = stories[(f * 7 + i) % len(stories)].split("\n\n")
        s = s[:len(s) - rnd.randrange(3)]
        s.insert(0, "Outlet %d item %d %s" % (f, i, "x" * rnd.randrange(9)))
        out.append('<item><title>K %d %d</title><guid>k-%d-%d</guid>'
                   '<link>http://example.test/%d/%d</link>'
                   '<description><![CDATA[%s]]></description></item>'
                   % (f, i, f, i, f, i, "<p>" + "</p><p>".join(s) + "</p>"))
    out.append("</channel></rss>\n")
    open(os.path.join(www, "k%d.xml" % f), "w", encoding="utf-8").write(
        "".join(out))
EOF
for f in $(seq 0 29); do echo "$B/k$f.xml"; done >"$CONF/urls"
bad=0
for delay in 0.15 0.3 0.45 0.6; do
	"$DATELINE" refresh >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -f "$DB" ] && { consistent || bad=1; }
done
t_eq "kill -9 mid-refresh leaves whole groups" "$bad" 0
t_run refresh
t_eq "a last refresh finishes, groups whole" \
	"$T_RC $(consistent && echo whole)" "0 whole"
# Grouping happens when items lists: kill -9 it while it groups.
n=$(python3 -c "import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM group_pending').fetchone()[0])" "$DB")
[ "$n" -gt 0 ] && t_ok "the refresh queued stories to group ($n)" ||
	t_bad "nothing queued"
bad=0
for delay in 0.01 0.03 0.06 0.1; do
	"$DATELINE" items --json >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	consistent || bad=1
done
t_eq "kill -9 while grouping leaves whole groups" "$bad" 0
items_json
t_eq "then items groups the rest" "$(python3 -c "import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM group_pending').fetchone()[0])" "$DB") $(consistent && echo whole)" "0 whole"

t_done
