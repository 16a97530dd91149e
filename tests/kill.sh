#!/bin/sh
# kill.sh: kill -9 `dateline refresh` of many changing feeds at random
# moments; after each kill the cache passes SQLite's integrity check and
# the FTS index check, every story stored before is still there with its
# read/saved state, and in the end a refresh completes.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
URLS="$XDG_CONFIG_HOME/dateline/urls"
DB="$XDG_DATA_HOME/dateline/dateline.db"
FEEDS=40
ITEMS=50
ROUNDS=24

# gen ROUND: write the feeds for this round: each holds ITEMS items from
# ROUND on, and the titles of a few older ones change, so every round
# brings new rows and updates to write.
gen() {
	python3 - "$WWW" "$FEEDS" "$ITEMS" "$1" <<'EOF'
import os, sys
www, feeds, items, rnd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for f in range(feeds):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
           '<channel><title>Kill feed %d</title>' % f]
    for i in range(rnd + items - 1, rnd - 1, -1):
        rev = rnd if i % 5 == 0 else 0
        out.append('<item><title>Feed %d story %d rev %d</title>'
                   '<guid>k-%d-%d</guid><link>http://example.test/%d/%d</link>'
                   '<pubDate>Fri, 22 Sep 2023 %02d:%02d:00 GMT</pubDate>'
                   '<description>%s</description></item>'
                   % (f, i, rev, f, i, f, i, (i // 60) % 24, i % 60,
                      'Lorem ipsum dolor sit amet, story body. ' * 20))
    out.append('</channel></rss>\n')
    tmp = os.path.join(www, 'f%d.xml.tmp' % f)
    with open(tmp, 'w') as fp:
        fp.write(''.join(out))
    os.rename(tmp, os.path.join(www, 'f%d.xml' % f))
EOF
}

# check_snapshot FILE: the cache passes PRAGMA integrity_check, the FTS
# index check and the counter and search-queue checks, then FILE gets (id, read, saved) of every item, one
# per line, sorted for comm(1).
check_snapshot() {
	python3 - "$DB" >"$1.raw" <<'EOF' || return 1
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("PRAGMA integrity_check").fetchall()
if r != [("ok",)]:
    sys.exit("integrity_check: %r" % r[:5])
db.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
# the per-feed counters the feed list reads equal the real counts
bad = [r for r in db.execute(
    "SELECT url, unread, total,"
    " (SELECT count(*) FROM items i WHERE i.feed_id = f.id AND i.read = 0),"
    " (SELECT count(*) FROM items i WHERE i.feed_id = f.id) FROM feeds f")
    if (r[1], r[2]) != (r[3], r[4])]
if bad:
    sys.exit("counters: %r" % bad[:3])
# every item is either indexed for search or waiting to be
n = db.execute("SELECT count(*) FROM items WHERE id NOT IN"
               " (SELECT rowid FROM items_fts) AND id NOT IN"
               " (SELECT item_id FROM search_pending)").fetchone()[0]
if n:
    sys.exit("%d items neither indexed nor pending" % n)
for row in db.execute("SELECT id, read, saved FROM items"):
    print("%d %d %d" % row)
EOF
	sort "$1.raw" >"$1"
}

mkdir -p "$WWW" "$(dirname "$URLS")"
gen 0
t_httpd_start "$WWW" --delay-ms 15
f=0
while [ $f -lt $FEEDS ]; do
	echo "$B/f$f.xml"
	f=$((f + 1))
done >"$URLS"

t0=$(date +%s%N)
t_run refresh
t1=$(date +%s%N)
t_expect_rc "first complete refresh" 0
t_grep "all stories stored" "$T_TMP/out" \
	"^refreshed $FEEDS feeds: $((FEEDS * ITEMS)) new stories, 0 errors$"
echo "# one full refresh: $(( (t1 - t0) / 1000000 )) ms"

# Some read, some saved, some both.
ids=$("$DATELINE" items --json | python3 -c '
import json, sys
print(" ".join(str(i["id"]) for i in json.load(sys.stdin)))')
read_ids=$(echo "$ids" | tr ' ' '\n' | awk 'NR % 7 == 0' | tr '\n' ' ')
saved_ids=$(echo "$ids" | tr ' ' '\n' | awk 'NR % 11 == 0' | tr '\n' ' ')
"$DATELINE" mark $read_ids --read && "$DATELINE" mark $saved_ids --save &&
	t_ok "marked $(echo $read_ids | wc -w) read, $(echo $saved_ids | wc -w) saved" ||
	t_bad "mark failed"
check_snapshot "$T_TMP/snap" || t_bad "check after marking"

r=1
intact=0
partial=0
while [ $r -le $ROUNDS ]; do
	gen "$r"
	ms=$(( $(od -An -N2 -tu2 /dev/urandom) % 301 ))
	before=$(wc -l <"$T_TMP/snap")
	"$DATELINE" refresh >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%03d' "$ms")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if ! check_snapshot "$T_TMP/now" 2>"$T_TMP/check.err"; then
		t_bad "round $r (kill at $ms ms): $(cat "$T_TMP/check.err")"
		break
	fi
	# Every (id, read, saved) stored before is still there unchanged.
	missing=$(comm -23 "$T_TMP/snap" "$T_TMP/now" | head -3)
	if [ -n "$missing" ]; then
		t_bad "round $r (kill at $ms ms): lost or changed: $missing"
		break
	fi
	intact=$((intact + 1))
	after=$(wc -l <"$T_TMP/now")
	[ "$after" -gt "$before" ] && partial=$((partial + 1))
	mv "$T_TMP/now" "$T_TMP/snap"
	r=$((r + 1))
done
[ $intact -eq $ROUNDS ] && t_ok "$ROUNDS kills: cache consistent, nothing lost" ||
	t_bad "only $intact of $ROUNDS rounds intact"
echo "# kills after some feeds were written: $partial of $ROUNDS"

t_run refresh
t_expect_rc "a refresh after the kills completes" 0
t_grep "no errors after the kills" "$T_TMP/out" "^refreshed $FEEDS feeds: [0-9]+ new stor(y|ies), 0 errors$"
check_snapshot "$T_TMP/now" && t_ok "integrity after the final refresh" ||
	t_bad "integrity after the final refresh"
[ -z "$(comm -23 "$T_TMP/snap" "$T_TMP/now")" ] &&
	t_ok "final refresh keeps every story and its state" ||
	t_bad "final refresh lost stories"
want=$((FEEDS * (ITEMS + ROUNDS)))
t_eq() { [ "$2" = "$3" ] && t_ok "$1" || t_bad "$1: got '$2', wanted '$3'"; }
t_eq "every story of every round stored" "$(wc -l <"$T_TMP/now")" "$want"
t_eq "read states kept" "$(awk '$2 == 1' "$T_TMP/now" | wc -l)" "$(echo $read_ids | wc -w)"
t_eq "saved states kept" "$(awk '$3 == 1' "$T_TMP/now" | wc -l)" "$(echo $saved_ids | wc -w)"

t_done
