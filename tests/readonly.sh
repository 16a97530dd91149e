#!/bin/sh
# readonly.sh: a cache the user cannot write (the file, or its folder,
# with and without -wal and -shm left behind) still serves `items`,
# `feeds` and `read`; `mark` and `refresh` stop with an error that names
# the file and says why. Root writes anything, so as root the commands
# run as nobody (setpriv) on root's files.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 || { echo "root without setpriv: skip"; exit 77; }
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	AS=""
fi
DIR="$XDG_DATA_HOME/dateline"
DB="$DIR/dateline.db"

mkdir -p "$T_TMP/www" "$XDG_CONFIG_HOME/dateline"
cat >"$T_TMP/www/ro.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Read-only feed</title>
<item><title>Harbour reopens</title><guid>ro-1</guid>
<link>http://127.0.0.1:9/ro-1</link>
<description>&lt;p&gt;The harbour reopened on Monday after repairs.&lt;/p&gt;</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;The harbour reopened on Monday after repairs to the sea wall, the port authority said, and ferries resumed their usual timetable within hours of the announcement by officials.&lt;/p&gt;&lt;p&gt;Traders at the fish market welcomed the news.&lt;/p&gt;</content:encoded>
</item></channel></rss>
XML
t_httpd_start "$T_TMP/www"
echo "$B/ro.xml" >"$XDG_CONFIG_HOME/dateline/urls"
"$DATELINE" refresh >/dev/null 2>&1 || t_bad "first refresh"
ID=$("$DATELINE" items --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

# Everyone may read the way to the cache and the config.
chmod 755 "$T_TMP" "$HOME" "$HOME/.config" "$HOME/.local" "$XDG_DATA_HOME" \
	"$XDG_CONFIG_HOME" "$XDG_CONFIG_HOME/dateline"
chmod 644 "$XDG_CONFIG_HOME/dateline/urls"

# as CMD...: dateline as the user who cannot write the cache.
as() {
	$AS "$DATELINE" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
}

# readers CASE: items, feeds and read work; mark and refresh fail with
# a message naming the file.
readers() {
	as items
	t_expect_rc "$1: items" 0
	t_grep "$1: items lists the story" "$T_TMP/out" "Harbour reopens"
	as feeds
	t_expect_rc "$1: feeds" 0
	t_grep "$1: feeds lists the feed" "$T_TMP/out" "Read-only feed"
	as read "$ID"
	t_expect_rc "$1: read" 0
	t_grep "$1: read prints the story" "$T_TMP/out" "sea wall"
	as mark "$ID" --read
	t_expect_rc "$1: mark fails" 1
	t_grep "$1: mark says the cache is read-only" "$T_TMP/err" \
		"$DB: the cache is read-only: no write permission"
	as refresh
	t_expect_rc "$1: refresh fails" 1
	t_grep "$1: refresh says the cache is read-only" "$T_TMP/err" \
		"$DB: the cache is read-only: no write permission"
	[ "$("$DATELINE" items --unread | wc -l)" = 1 ] &&
		t_ok "$1: the story is still unread" ||
		t_bad "$1: the story changed"
}

# The file read-only, its folder writable: SQLite creates -shm.
if [ -n "$AS" ]; then chmod 777 "$DIR"; chmod 644 "$DB"; else chmod 444 "$DB"; fi
readers "read-only file"
rm -f "$DB-wal" "$DB-shm"

# The folder read-only too, no -wal or -shm in it.
if [ -n "$AS" ]; then chmod 755 "$DIR"; else chmod 555 "$DIR"; fi
ls "$DIR" >"$T_TMP/ls"
readers "read-only folder"
as --db "$DIR/new.db" refresh
t_expect_rc "no new cache in a read-only folder" 1
t_grep "it says why" "$T_TMP/err" \
	"$DIR/new.db: cannot create the cache: no write permission on its folder $DIR"
[ "$(ls "$DIR")" = "$(cat "$T_TMP/ls")" ] && t_ok "nothing created in the folder" ||
	t_bad "files appeared: $(ls "$DIR" | tr '\n' ' ')"

# The folder read-only, with the -wal and -shm a killed process left.
chmod 755 "$DIR"
chmod 644 "$DB"
python3 - "$DB" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE items SET title = 'Harbour reopens (updated)'")
db.commit()
os._exit(0)   # no close: -wal and -shm stay, the update only in -wal
PY
[ -s "$DB-wal" ] && t_ok "a -wal is left behind" || t_bad "no -wal left"
if [ -n "$AS" ]; then chmod 644 "$DB-wal" "$DB-shm"; else
	chmod 444 "$DB" "$DB-wal" "$DB-shm"; chmod 555 "$DIR"; fi
as items
t_grep "the -wal's update is read" "$T_TMP/out" "Harbour reopens \(updated\)"
readers "read-only folder with -wal and -shm"
chmod 755 "$DIR"

t_done
