# tests/conc_lib.sh: what the tests of processes sharing the cache use.
# Sourced after lib.sh: feeds served by tests/httpd.py that grow every
# round, marks made one process at a time, and the check that the cache
# is whole and holds every mark.

CONC_WWW="$T_TMP/conc-www"
CONC_DB="$XDG_DATA_HOME/dateline/dateline.db"
CONC_FEEDS=12
CONC_ITEMS=20

# conc_gen ROUND: each feed holds CONC_ITEMS stories up to ROUND * 4, so
# every round brings 4 new stories per feed.
conc_gen() {
	python3 - "$CONC_WWW" "$CONC_FEEDS" "$CONC_ITEMS" "$1" <<'PY'
import os, sys
www, feeds, items, rnd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for f in range(feeds):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
           '<channel><title>Shared feed %d</title>' % f]
    top = items + 4 * rnd
    for i in range(top - 1, top - items - 1, -1):
        out.append('<item><title>Feed %d story %d</title>'
                   '<guid>c-%d-%d</guid><link>http://example.test/%d/%d</link>'
                   '<pubDate>Fri, 22 Sep 2023 %02d:%02d:00 GMT</pubDate>'
                   '<description>%s</description></item>'
                   % (f, i, f, i, f, i, (i // 60) % 24, i % 60,
                      'Lorem ipsum dolor sit amet, story body. ' * 30))
    out.append('</channel></rss>\n')
    tmp = os.path.join(www, 'f%d.xml.tmp' % f)
    with open(tmp, 'w') as fp:
        fp.write(''.join(out))
    os.rename(tmp, os.path.join(www, 'f%d.xml' % f))
PY
}

# conc_setup [HTTPD-ARGS...]: round 0 served, the urls file written;
# with CONC_STAGGER=MS, feed N answers N * MS ms late.
conc_setup() {
	mkdir -p "$CONC_WWW" "$XDG_CONFIG_HOME/dateline"
	conc_gen 0
	t_httpd_start "$CONC_WWW" "$@"
	_f=0
	while [ $_f -lt $CONC_FEEDS ]; do
		if [ -n "${CONC_STAGGER:-}" ]; then
			echo "$B/f$_f.xml?delay=$((_f * CONC_STAGGER))"
		else
			echo "$B/f$_f.xml"
		fi
		_f=$((_f + 1))
	done >"$XDG_CONFIG_HOME/dateline/urls"
}

# conc_mark_each ROUND FILE [PID]: mark 30 unread stories read, each with
# a `dateline mark` of its own; their ids go to FILE. With PID, CONC_DURING
# counts the marks made while that process was running.
conc_mark_each() {
	CONC_DURING=0
	"$DATELINE" items --unread --json 2>/dev/null | python3 -c '
import json, sys
ids = [i["id"] for i in json.load(sys.stdin)]
print("\n".join(str(i) for i in ids[int(sys.argv[1]) % 3::3][:30]))' "$1" >"$2"
	_n=0
	while read -r _id; do
		[ -n "$_id" ] || continue
		"$DATELINE" mark "$_id" --read 2>>"$T_TMP/mark.err" &&
			_n=$((_n + 1))
		[ -n "${3:-}" ] && kill -0 "$3" 2>/dev/null &&
			CONC_DURING=$((CONC_DURING + 1))
	done <"$2"
	[ "$_n" -eq 30 ] || t_bad "round $1: only $_n of 30 marks: $(head -c 300 "$T_TMP/mark.err")"
}

# conc_expect NAME FILE...: the cache passes SQLite's integrity check and
# every id in the FILEs is marked read.
conc_expect() {
	_name=$1
	shift
	if python3 - "$CONC_DB" "$@" >"$T_TMP/conc.out" 2>&1 <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("PRAGMA integrity_check").fetchall()
if r != [("ok",)]:
    sys.exit("integrity_check: %r" % r[:5])
want = set()
for f in sys.argv[2:]:
    want |= {int(l) for l in open(f) if l.strip()}
have = {r[0] for r in db.execute("SELECT id FROM items WHERE read = 1")}
lost = sorted(want - have)
if lost:
    sys.exit("%d of %d marks lost, e.g. %r" % (len(lost), len(want), lost[:5]))
print("%d marks kept" % len(want))
PY
	then t_ok "$_name: integrity ok, $(cat "$T_TMP/conc.out")"
	else t_bad "$_name: $(cat "$T_TMP/conc.out")"; fi
}
