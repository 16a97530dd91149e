#!/bin/sh
# html_hostile.sh: feed HTML shown by `dateline read` (html_doc_parse)
# is flattened before gumbo reads it (html_flatten): an item whose
# description holds 100,000 nested divs around a sentence answers within
# the bound and shows the sentence (unflattened, gumbo takes about a
# minute on it). The feed is made here, not committed. `timeout 30` is
# generous for the sanitizer build; the real time is about 0.1 s.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 missing"; exit 77; }
command -v timeout >/dev/null 2>&1 || { echo "timeout missing"; exit 77; }

WWW="$T_TMP/www"
mkdir -p "$WWW" "$XDG_CONFIG_HOME/dateline"
t_httpd_start "$WWW"
python3 - "$WWW/feed.xml" "$B" <<'PY'
import sys
path, base = sys.argv[1], sys.argv[2]
n = 100000
deep = ("<div>" * n + "<p>The lighthouse keeper counted forty ships "
    "before the storm closed the harbour.</p>" + "</div>" * n)
fmt = ("<p><b id=1>x</p>" * 20000 + "<p>After the bold flood the "
    "ferry timetable returns to normal on Monday.</p>")
def item(title, slug, html):
    return ("<item><title>%s</title><link>%s/%s.html</link>"
        "<guid>%s</guid><description><![CDATA[%s]]></description>"
        "</item>" % (title, base, slug, slug, html))
with open(path, "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel>'
        "<title>Hostile wire</title><link>%s/</link>" % base +
        item("Deep summary", "deep", deep) +
        item("Bold summary", "bold", fmt) + "</channel></rss>")
PY
echo "$B/feed.xml" >"$XDG_CONFIG_HOME/dateline/urls"

timeout 60 "$DATELINE" refresh >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?
t_expect_rc "refresh the hostile feed" 0

# item_id TITLE: the id of the item with that title.
item_id() {
	"$DATELINE" items --json | python3 -c "import json, sys
print([i['id'] for i in json.load(sys.stdin) if i['title'] == sys.argv[1]][0])" "$1"
}

# read_check TITLE SENTENCE: read answers within 30 s with SENTENCE.
read_check() {
	id=$(item_id "$1")
	timeout 30 "$DATELINE" read "$id" >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
	if [ "$T_RC" -ne 124 ]; then
		t_ok "$1: read answers within 30 s"
	else
		t_bad "$1: read timed out"
	fi
	t_grep "$1: the sentence inside is shown" "$T_TMP/out" "$2"
}

read_check "Deep summary" "counted forty ships"
read_check "Bold summary" "ferry timetable returns"

t_done
