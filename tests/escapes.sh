#!/bin/sh
# escapes.sh: nothing a feed or a server sends reaches the terminal raw
# (issue 11, finding 2). Feeds of ours carry ESC ] 52 (clipboard), ESC ] 2
# (window title), ESC [ 2J, C1 controls (U+009B, U+009D) and U+202E in
# their titles, links and authors; every command that shows them (parse,
# items, feeds, read, export-story, refresh) must print neither ESC, nor
# a C1 control, nor a bidi override, on stdout or stderr. A redirect whose
# Location holds controls is named (encoded) in the error, not the feed.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
CONF="$XDG_CONFIG_HOME/dateline"
DATELINE_TIMEOUT_MS=3000
export DATELINE_TIMEOUT_MS

# t_hostile FILE...: true if the bytes of a file hold ESC (0x1b), a C1
# control (UTF-8 0xc2 0x80-0x9f) or a bidi embedding/override/isolate
# (U+202A-202E, U+2066-2069); names the first of each file that does.
t_hostile() {
	python3 - "$@" <<'EOF'
import re, sys
bad = re.compile(rb"\x1b|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
found = False
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    m = bad.search(data)
    if m:
        found = True
        print("  %s: %r at %d: %r" % (path.rsplit("/", 1)[-1], m.group(),
              m.start(), data[max(0, m.start() - 30):m.start() + 10]))
sys.exit(0 if found else 1)
EOF
}

# t_clean NAME FILE...: no file holds any of those.
t_clean() {
	_name=$1
	shift
	if t_hostile "$@"; then t_bad "$_name"
	else t_ok "$_name"; fi
}

# t_run_clean NAME ARGS...: run the binary; stdout and stderr clean.
t_run_clean() {
	_n=$1
	shift
	t_run "$@"
	t_clean "$_n: stdout and stderr clean" "$T_TMP/out" "$T_TMP/err"
}

# The fixtures do hold what they should (else the checks prove nothing).
sed "s|@BASE@|http://127.0.0.1:1|g" "$DATA/escapes/hostile.json.in" \
	>"$T_TMP/hostile.json"
sed "s|@BASE@|http://127.0.0.1:1|g" "$DATA/escapes/hostile.xml.in" \
	>"$T_TMP/hostile.xml"
if t_hostile "$T_TMP/hostile.json" >/dev/null; then
	t_bad "the JSON fixture is ASCII, its controls escaped"
elif python3 -c "import json, sys
t = []
def walk(o):
    if isinstance(o, dict): [walk(v) for v in o.values()]
    elif isinstance(o, list): [walk(v) for v in o]
    elif isinstance(o, str): t.append(o)
walk(json.load(open(sys.argv[1])))
s = ' '.join(t)
sys.exit(not all(c in s for c in (chr(27) + ']52;', chr(27) + ']2;',
    chr(27) + '[2J', chr(0x9b), chr(0x9d), chr(0x202e))))" \
    "$T_TMP/hostile.json"; then
	t_ok "the JSON fixture carries ESC, C1 and U+202E"
else t_bad "the JSON fixture lost its hostile characters"; fi
if t_hostile "$T_TMP/hostile.xml" >/dev/null; then
	t_ok "the XML fixture carries C1 and U+202E"
else t_bad "the XML fixture lost its hostile characters"; fi

# --- parse: control characters escaped in the JSON, not emitted ----------
for f in hostile.json hostile.xml; do
	t_run_clean "parse $f" parse "$T_TMP/$f"
	t_expect_rc "parse $f" 0
done
t_run parse "$T_TMP/hostile.json"
t_grep "parse escapes U+202E as \\u202E" "$T_TMP/out" '\\u202Ex"'
t_grep "a link keeps its controls percent-encoded" "$T_TMP/out" \
	'"link": "http://127.0.0.1:1/story%1B\]52;c;.*%C2%9B31m.*%E2%80%AEgnp'
python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$T_TMP/out" &&
	t_ok "parse output is still valid JSON" ||
	t_bad "parse output is not valid JSON"

# --- a cache holding the hostile feeds ------------------------------------
mkdir -p "$WWW" "$CONF"
cp "$DATA"/escapes/*.http "$WWW"/
t_httpd_start "$WWW"
sed "s|@BASE@|$B|g" "$DATA/escapes/hostile.json.in" >"$WWW/hostile.json"
sed "s|@BASE@|$B|g" "$DATA/escapes/hostile.xml.in" >"$WWW/hostile.xml"
printf '%s\n' "$B/hostile.json" "$B/hostile.xml" "$B/loc-ctl.xml" \
	"$B/loc-ftp.xml" >"$CONF/urls"

t_run_clean "refresh" refresh
t_grep "refresh stored the hostile stories" "$T_TMP/out" '2 new stories'
t_grep "a Location with controls names the redirect target" "$T_TMP/err" \
	'loc-ctl\.xml: redirect to .*refused \(.*/new%1B\]2;owned%07%C2%9Bx%E2%80%AEy\.xml\)'
t_grep "a non-http Location with controls names its target" "$T_TMP/err" \
	'loc-ftp\.xml: redirect to .*refused \(ftp://127\.0\.0\.1:9/%1B'

t_run_clean "items" items
t_run_clean "items --json" items --json
t_grep "items --json escapes U+202E" "$T_TMP/out" '\\u202E'
t_run_clean "feeds" feeds
t_run_clean "feeds --json" feeds --json
JID=$("$DATELINE" items --json | python3 -c "import json, sys
print([i['id'] for i in json.load(sys.stdin) if i['title'].startswith('Bad')][0])")
XID=$("$DATELINE" items --json | python3 -c "import json, sys
print([i['id'] for i in json.load(sys.stdin) if i['title'].startswith('XML')][0])")

# The story pages are not there: read and export-story print the link in
# their error line on stderr.
for id in "$JID" "$XID"; do
	t_run_clean "read $id" read "$id" --width 60
	t_grep "read $id says why it shows the summary" "$T_TMP/err" \
		'showing the feed'"'"'s summary'
	t_run_clean "read --full $id" read --full "$id"
	(cd "$T_TMP" && "$DATELINE" export-story "$id" >"$T_TMP/out" \
		2>"$T_TMP/err")
	t_clean "export-story $id: stdout and stderr clean" "$T_TMP/out" \
		"$T_TMP/err"
	t_clean "export-story $id: the Markdown file clean" \
		"$T_TMP/$(cat "$T_TMP/out")"
done

# A link stored raw by an older dateline is cleaned when printed too.
python3 - "$XDG_DATA_HOME/dateline/dateline.db" "$JID" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE items SET link = ? WHERE id = ?",
           ("http://127.0.0.1:1/old\x1b]52;c;eA==\x07\x1b[2J\u009b1m\u202e",
            int(sys.argv[2])))
db.commit()
EOF
t_run_clean "read of a link stored raw" read --full "$JID"
t_grep "the raw link is still named" "$T_TMP/err" 'http://127.0.0.1:1/old'
t_run_clean "items --json of a link stored raw" items --json
t_grep "items --json escapes a raw ESC, C1 and U+202E" "$T_TMP/out" \
	'old\\u001B\]52;c;eA==\\u0007\\u001B\[2J\\u009B1m\\u202E"'

# Arguments echoed in errors are cleaned too.
t_run_clean "a usage error quoting an argument" items \
	"--$(printf '\033]2;x\007')"
t_expect_rc "a usage error quoting an argument" 2

t_done
