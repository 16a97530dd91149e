#!/bin/sh
# tui_hostile.sh: the reader opens a story whose page is 100,000 nested
# divs (issue 11, finding 4): the article inside is shown, and q and C-g
# answer within 2 s. Before html_flatten, extraction of that page
# took over a minute while the reader ignored every key. Then a page
# that still takes seconds to extract (5 MB of reopened formatting
# elements): extraction runs in a thread, so C-g and q answer at once,
# and nothing is stored; left to finish, it reads the first 1 MB of
# markup, and the message line says so.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-hostile
. "$top_srcdir/tests/tui_lib.sh"

# deep_page FILE WORD: 100,000 unclosed divs around an article that ends
# with WORD.
deep_page() {
	python3 - "$1" "$2" <<'PY'
import sys
para = ("The harbour board met on a cold evening to settle the budget for "
    "the coming year, and members argued for an hour about the piers. ") * 3
with open(sys.argv[1], "w") as f:
    f.write("<html><head><title>Deep</title></head><body>" +
        "<div>" * 100000 + "<p>" + para + "</p><p>" + para + sys.argv[2] +
        " closes the story.</p></body></html>")
PY
}

t_httpd_start "$WWW" --log "$T_TMP/httpd.log"
deep_page "$WWW/deep.html" Deepwordzebra
deep_page "$WWW/deep2.html" Otherwordzebra
python3 - "$WWW/heavy.html" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("<html><body>" + "".join("<p><b id=%d>x</p>" % i
        for i in range(200000)) + "<p>" + "Heavywordzebra " * 200 + "</p>")
PY
cat >"$WWW/deep.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Deep Gazette</title>
<link>$B/</link><description>Hostile pages.</description>
<item><title>Board settles the harbour budget</title>
<link>$B/deep.html</link><guid>deep-1</guid>
<pubDate>Mon, 04 Mar 2024 08:00:00 GMT</pubDate>
<description>Summarywordzebra.</description></item>
<item><title>Second deep story</title>
<link>$B/deep2.html</link><guid>deep-2</guid>
<pubDate>Sun, 03 Mar 2024 08:00:00 GMT</pubDate>
<description>Secondsummaryzebra.</description></item>
<item><title>Third heavy story</title>
<link>$B/heavy.html</link><guid>deep-3</guid>
<pubDate>Sat, 02 Mar 2024 08:00:00 GMT</pubDate>
<description>Thirdsummaryzebra.</description></item>
</channel></rss>
EOF
echo "$B/deep.xml" >"$CONF/urls"
echo 'set refresh-on-start no' >"$CONF/config"
"$DATELINE" refresh >/dev/null 2>&1

$TM new-session -d -x 100 -y 30 "sh $T_TMP/run.sh"
check "the reader starts" 'Deep Gazette'
keys j Enter
check "the story list" 'Board settles the harbour budget'
keys Enter
check "the article inside the deep page is shown" 'Deepwordzebra'
keys q
if wait_for 'Second deep story' 2; then
	t_ok "q answers within 2 s"
else
	t_bad "q: no story list within 2 s:"; sed 's/^/# /' "$SCREEN"
fi

# The second story: C-g and q while its page is fetched and extracted.
keys j Enter
sleep 0.3
keys C-g q
if wait_for 'Board settles the harbour budget' 2; then
	t_ok "C-g and q answer within 2 s"
else
	t_bad "C-g, q: no story list within 2 s:"; sed 's/^/# /' "$SCREEN"
fi
# The heavy page: the download is quick, the extraction is not.
keys j Enter
check "the heavy story opens" 'Thirdsummaryzebra'
# C-g once the page is downloaded, while it is extracted (about half a
# second, here): the server logs a request after its answer is sent.
n=200
until grep -q '^GET /heavy.html 200 ' "$T_TMP/httpd.log" || [ "$n" = 0 ]; do
	sleep 0.02
	n=$((n - 1))
done
keys C-g q
if wait_for 'Second deep story' 2; then
	t_ok "C-g and q answer within 2 s while a page is extracted"
else
	t_bad "C-g, q during extraction: no list within 2 s:"
	sed 's/^/# /' "$SCREEN"
fi
# Q waits for the extraction thread (seconds under a sanitizer).
keys Q
n=1200
while [ "$n" -gt 0 ] && [ ! -s "$T_TMP/exit" ]; do
	sleep 0.05
	n=$((n - 1))
done
[ "$(cat "$T_TMP/exit" 2>/dev/null)" = 0 ] && t_ok "Q quits" ||
	t_bad "Q: exit status $(cat "$T_TMP/exit" 2>/dev/null)"
n=$(python3 - "$XDG_DATA_HOME/dateline/dateline.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM articles WHERE item_id = (SELECT"
                 " id FROM items WHERE guid = 'deep-3')").fetchone()[0])
PY
)
[ "$n" = 0 ] && t_ok "the cancelled extraction stored nothing" ||
	t_bad "the cancelled extraction stored $n article row(s)"

# Opened again and left to finish: the article comes from the first 1 MB
# of the page's 4 MB of markup, and the message line says so.
tui_start 100 30 0
check "the reader starts again" 'Deep Gazette'
keys j Enter
check "the story list again" 'Third heavy story'
keys G Enter
check "the heavy page, read in part: said" \
	'full article: page too large: [0-9.]+ MB of markup'
# (the page's own last words are past the cut: its first 1 MB is
# thousands of short paragraphs, not the feed's one-line summary)
check "  the article from the page's first 1 MB" 'line 1/[0-9]{4,}'

t_done
