#!/bin/sh
# tui_article.sh: the article screen driven in tmux (issue 14): every link
# opens (the link list `u`, `:open-link N`, the number prompt `#`), tables
# line up in columns, a resize keeps the paragraph being read, and `/`
# searches the feed shown, widened to every feed, with a history.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-article
. "$top_srcdir/tests/tui_lib.sh"

# start [COLS ROWS]: dateline in a new tmux session.
start() { tui_start "${1:-120}" "${2:-40}"; }

# opened NAME URL: the browser script was started with URL as its only
# argument.
opened() {
	n=0
	while [ ! -s "$T_TMP/opened" ] && [ $n -lt 100 ]; do
		sleep 0.05; n=$((n + 1)); done
	if [ "$(cat "$T_TMP/opened" 2>/dev/null)" = "$2" ]; then t_ok "$1"
	else t_bad "$1: browser got '$(cat "$T_TMP/opened" 2>/dev/null)'"; fi
	rm -f "$T_TMP/opened"
}

t_httpd_start "$WWW"
for f in article news; do
	sed "s|@BASE@|$B|g" "$DATA/tui/$f.xml.in" >"$WWW/$f.xml"
done
printf '%s\n%s\n' "$B/article.xml" "$B/news.xml" >"$CONF/urls"
cat >"$T_TMP/browser.sh" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >'$T_TMP/opened'
EOF
chmod +x "$T_TMP/browser.sh"
cat >"$CONF/config" <<EOF
set refresh-on-start no
set browser $T_TMP/browser.sh
EOF
"$DATELINE" refresh >/dev/null 2>&1

# --- links: the list, :open-link N and the number prompt ---
start
keys g j Enter
check "the feed's stories" 'Links and a table'
keys Enter
check "the article with twelve links" 'Twelve links follow'
check "the table's columns line up, CJK counted two" \
	'^ City +│ Population │ Note$'
check "a row padded to the CJK cell's eight columns" \
	'^ Oslo     │ 709000     │ capital$'
check "the CJK row" '^ 東京都庁 │ 14000000   │ 大都市$'
keys u
check "u: the link list" 'Links 1/12'
check "u: link 12 is listed" '^ *\[12\] https://example.org/link12'
keys G Enter
opened "u, G, Enter: link 12 opens" "https://example.org/link12"
keys k k
check "u: the cursor moves" 'Links 10/12'
keys o
opened "u, o: the selected link opens" "https://example.org/link10"
keys q :
keys -l "open-link 11"
keys Enter
opened ":open-link 11 opens link 11" "https://example.org/link11"
keys "#"
check "#: asks for the number" 'open link number:'
keys -l 12
keys Enter
opened "#, 12: link 12 opens" "https://example.org/link12"
keys :
keys -l "open-link 13"
keys Enter
check ":open-link 13: there is none" 'no link 13 in this story \(12 links\)'
keys ? G
check "help lists show-links" '^ *u +show-links'
check "help lists open-link" '^ *# +open-link'
keys q

# --- resize: the paragraph being read stays on screen ---
# para: the number of the first "Paragraph NN marker" on the screen.
para() {
	cap
	sed -n 's/.*Paragraph \([0-9][0-9]\) marker.*/\1/p' "$SCREEN" | head -1
}
keys q j Enter
check "the long story" 'Paragraph 01 marker'
keys Space Space
wait_for 'Paragraph 2[0-9] marker' || true
P=$(para)
if [ -n "$P" ] && [ "$P" -gt 15 ]; then t_ok "scrolled to paragraph $P"
else t_bad "scrolled to paragraph '$P'"; fi
$TM resize-window -x 60 -y 40
check "60 columns: paragraph $P is still on screen" "Paragraph $P marker"
check "60 columns: and the text is rewrapped" \
	'^ grey morning to discuss the tides, the ferries, the lights$'
$TM resize-window -x 120 -y 40
check "120 columns again: paragraph $P on screen" "Paragraph $P marker"
$TM resize-window -x 40 -y 20
check "40x20: paragraph $P on screen" "Paragraph $P marker"
$TM resize-window -x 120 -y 40

# --- search: the feed shown, Tab for every feed, Up and Down recall ---
keys /
check "/ in an article: the story's feed" '^/ in Pier Journal \(Tab: all feeds\)$'
keys -l harbour
keys Enter
check "/ harbour: searched in the feed" 'Search Pier Journal: harbour · 1/1'
check "/ harbour: the feed's story" 'Forty paragraphs about the pier'
absent "/ harbour: no other feed's story" 'Harbour bridge'
keys q q /
keys -l lighthouse
keys Enter
check "/ lighthouse from the feed's stories" 'Search Pier Journal: lighthouse · 1/1'
keys q /
keys Up
check "Up: the last search" '^/ in Pier Journal \(Tab: all feeds\) lighthouse$'
keys Up
check "Up again: the one before" '^/ in Pier Journal \(Tab: all feeds\) harbour$'
keys Up
check "Up at the oldest stays" '^/ in Pier Journal \(Tab: all feeds\) harbour$'
keys Down
check "Down: the next one" '^/ in Pier Journal \(Tab: all feeds\) lighthouse$'
keys Down
check "Down past the newest: the typed line" '^/ in Pier Journal \(Tab: all feeds\)$'
keys Up Tab
check "Tab: every feed" '^/ in all feeds \(Tab: this feed\) lighthouse$'
keys Tab
check "Tab again: the feed" '^/ in Pier Journal \(Tab: all feeds\) lighthouse$'
keys Up Tab Enter
check "widened: every feed searched" 'Search: harbour · 1/2'
check "widened: the other feed's story" 'Harbour bridge reopens'
check "widened: and this feed's" 'Forty paragraphs about the pier'
keys q q /
check "/ in the feed list: every feed" '^/$'
keys Up
check "the history outlives the screens" '^/harbour$'
keys Escape
keys Q
t_done
