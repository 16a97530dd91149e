#!/bin/sh
# tui_basic.sh: the reader driven in tmux against tests/httpd.py: the feed
# list, a story list, an article with its full page, marks that persist,
# the saved view, resize, CJK columns, escape sequences in titles, a
# background refresh and a clean exit; every check reads the screen with
# tmux capture-pane.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tmux >/dev/null 2>&1 || { echo "tmux missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }

WWW="$T_TMP/www"
CONF="$XDG_CONFIG_HOME/dateline"
SCREEN="$T_TMP/screen"
TM="tmux -L dateline-test-$$ -f $T_TMP/tmux.conf"

srv_start() {
	: >"$T_TMP/port"
	python3 "$top_srcdir/tests/httpd.py" --root "$WWW" \
		--log "$T_TMP/httpd.log" --max-seconds 300 >"$T_TMP/port" &
	SRV_PID=$!
	i=0
	until grep -q '^PORT ' "$T_TMP/port"; do
		i=$((i + 1))
		[ $i -gt 200 ] && { echo "httpd.py did not start"; exit 1; }
		sleep 0.05
	done
	PORT=$(awk '/^PORT / { print $2 }' "$T_TMP/port")
	B="http://127.0.0.1:$PORT"
}

# cap: the screen into $SCREEN.
cap() { $TM capture-pane -p >"$SCREEN" 2>/dev/null; }

# wait_for REGEX [SECONDS]: poll the screen until a line matches; 0 or 1.
wait_for() {
	n=$(( ${2:-10} * 20 ))
	while [ "$n" -gt 0 ]; do
		cap
		grep -Eq -- "$1" "$SCREEN" && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}

# check NAME REGEX: wait for REGEX on the screen.
check() {
	if wait_for "$2"; then t_ok "$1"
	else t_bad "$1: no /$2/ on the screen:"; sed 's/^/# /' "$SCREEN"; fi
}

# absent NAME REGEX: REGEX is not on the screen now.
absent() {
	cap
	if grep -Eq -- "$2" "$SCREEN"; then
		t_bad "$1: /$2/ is on the screen:"; sed 's/^/# /' "$SCREEN"
	else t_ok "$1"; fi
}

keys() { $TM send-keys "$@"; }

# start: dateline in a new 120x40 tmux session, through run.sh, which
# writes its exit status to $T_TMP/exit.
start() {
	$TM kill-server 2>/dev/null
	rm -f "$T_TMP/exit"
	$TM new-session -d -x 120 -y 40 "sh $T_TMP/run.sh"
	wait_for 'All stories' || { t_bad "the reader did not start"; cap;
		sed 's/^/# /' "$SCREEN"; }
}

# quit NAME: Q, then dateline exits 0 and the normal screen is back.
quit() {
	keys Q
	n=200
	while [ "$n" -gt 0 ] && { [ ! -s "$T_TMP/exit" ] ||
	    [ "$($TM display -p '#{pane_dead}' 2>/dev/null)" != 1 ]; }; do
		sleep 0.05
		n=$((n - 1))
	done
	st="$(cat "$T_TMP/exit" 2>/dev/null):$($TM display -p \
	    '#{pane_dead}:#{alternate_on}')"
	if [ "$st" = "0:1:0" ]; then t_ok "$1: Q quits, terminal restored"
	else t_bad "$1: Q: exit:pane dead:alternate = $st"; cap
		sed 's/^/# /' "$SCREEN"; fi
}

mkdir -p "$WWW" "$CONF"
printf 'set -g remain-on-exit on\nset -g status off\n' >"$T_TMP/tmux.conf"
cat >"$T_TMP/run.sh" <<EOF
export HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \\
	XDG_DATA_HOME='$XDG_DATA_HOME' LC_ALL=C.UTF-8
'$DATELINE'
echo \$? >'$T_TMP/exit'
EOF
srv_start
# kill-server leaves the socket file behind: remove it too.
SOCK="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/dateline-test-$$"
T_CLEANUP_HOOK="$TM kill-server 2>/dev/null; rm -f '$SOCK'; kill $SRV_PID 2>/dev/null"
for f in news cjk; do
	sed "s|@BASE@|$B|g" "$DATA/tui/$f.xml.in" >"$WWW/$f.xml"
done
cp "$DATA/tui/bridge.html" "$DATA/tui/hidden.xml" "$WWW/"
cat >"$CONF/urls" <<EOF
$B/news.xml "~Harbour News"
$B/cjk.xml
$B/missing.xml
$B/hidden.xml !
EOF
echo 'set refresh-on-start no' >"$CONF/config"
"$DATELINE" refresh >/dev/null 2>&1
# A title that tries to set the terminal's title and colours.
python3 - "$XDG_DATA_HOME/dateline/dateline.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE items SET title = ? WHERE guid = 'tui-news-4'",
           ("Escape \x1b]2;PWNED\x07test \x1b[31mstory\x1b[0m \x9b1J",))
db.commit()
PY

# --- first start: the feed list ---
start
TITLE0=$($TM display -p '#{pane_title}')
check "feed list: ~title from the urls file, counts" 'Harbour News +4/4'
check "feed list: the feed's own title" '아시아 뉴스 アジア 亚洲 +6/6'
check "status line: position and unread count" 'Feeds 1/4 · 10 unread'
check "feed list: error mark and URL for a failing feed" \
	"^ ! +$B/missing.xml +0/0"
absent "feed list: hidden feed hidden" 'Secret Hidden'

# --- a feed's stories, then an article with its full page ---
keys j Enter
check "story list: newest first, unread mark" \
	'^ N   2024-03-05  Harbour bridge reopens after repairs'
check "story list: all four stories" '^ N   2024-03-02  Escape test story'
keys Enter
check "article: header" 'Harbour News · By .*2024-03-05 09:30 UTC'
check "article: full page fetched and rendered" 'Engineers replaced forty-two'
check "article: link list" '\[1\] https://example.org/chamber'
cap
awk '/eight months of repairs to its cables/ {
	if (index($0, "cables") > 60) f = 1 } END { exit !f }' "$SCREEN" &&
	t_ok "article: a word past column 60 at width 120" ||
	t_bad "article: 'cables' not past column 60: $(grep cables "$SCREEN")"

# --- resize with the article open ---
$TM resize-window -x 60 -y 20
check "resize: re-wrapped to 60 columns" '^ .*cables and deck'
cap
w=$(python3 -c '
import sys, unicodedata
m = 0
for l in open(sys.argv[1], encoding="utf-8"):
    l = l.rstrip("\n")
    m = max(m, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                   for c in l))
print(m)' "$SCREEN")
[ "$w" -le 60 ] && t_ok "resize: no line wider than 60 ($w)" ||
	t_bad "resize: a line is $w columns wide"
keys G
check "resize: the end of the article reflowed" 'Zebrafinaleword'
$TM resize-window -x 120 -y 40
keys g
check "resize back: wide lines again" 'months of repairs to its cables'

# --- marks ---
keys q
check "opening marked the story read" \
	'^     2024-03-05  Harbour bridge reopens'
keys j N
check "N marks read" '^     2024-03-04  Ferry timetable'
keys N
check "N again marks unread" '^ N   2024-03-04  Ferry timetable'
keys N s
check "s saves" '^  S  2024-03-04  Ferry timetable'
keys '?'
check "help lists the bindings" '^ N +toggle-read +mark read or unread'
keys q q
check "back in the feed list, counts updated" 'Harbour News +2/4'
quit "first run"

# --- restart with bindings, a browser and a broken line in the config ---
cat >"$T_TMP/browser.sh" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >'$T_TMP/opened'
EOF
chmod +x "$T_TMP/browser.sh"
cat >"$CONF/config" <<EOF
set refresh-on-start no
set browser $T_TMP/browser.sh
bind x toggle-saved
unbind s
bind z no-such-action
EOF
start
check "config: a bad binding is reported with file and line" \
	"$CONF/config:5: unknown action 'no-such-action'"
check "restart: read counts kept" 'Harbour News +2/4'
keys j Enter
check "restart: read and saved marks kept" '^  S  2024-03-04  Ferry timetable'
check "restart: opened story still read" '^     2024-03-05  Harbour bridge'
keys s x
check "config: s unbound, x bound to toggle-saved" \
	'^  S  2024-03-05  Harbour bridge'
keys x
check "config: x again unsaves" '^     2024-03-05  Harbour bridge'
keys S
check "saved view lists the saved story" '^  S  2024-03-04  Ferry timetable'
absent "saved view lists only saved stories" 'Harbour bridge'
keys q q /
keys -l ferry
keys Enter
check "search: results view" 'Search: ferry · 1/1'
check "search: the matching story" '2024-03-04  Ferry timetable'
absent "search: only matching stories" 'Harbour bridge|Night market'
keys Enter
check "search: open a result" 'Ferries run every forty minutes'
keys o
n=0; while [ ! -s "$T_TMP/opened" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
[ "$(cat "$T_TMP/opened" 2>/dev/null)" = "$B/nopage-ferry.html" ] &&
	t_ok "o: the browser got the link as one argument" ||
	t_bad "o: browser got '$(cat "$T_TMP/opened" 2>/dev/null)'"
check "o: the article is drawn again" 'Ferries run every forty minutes'
keys q q g Enter

# --- all stories: CJK columns and escape sequences ---
check "all stories: newest first across feeds" \
	'^ N   2024-03-06  大阪・関西万博'
cap
python3 - "$SCREEN" <<'PY' && t_ok "CJK titles line up: the feed column starts at one column" || t_bad "CJK titles do not line up"
import sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
cols = {}
for l in open(sys.argv[1], encoding="utf-8"):
    for feed in ("아시아 뉴스", "Harbour News"):
        i = l.find(feed)
        if i > 0 and l.startswith((" N ", "   ", "  S", " NS")):
            cols.setdefault(w(l[:i]), []).append(l.rstrip())
n = sum(len(v) for v in cols.values())
for c, v in sorted(cols.items()):
    print("# column %d: %d rows" % (c, len(v)), file=sys.stderr)
sys.exit(0 if len(cols) == 1 and n == 10 else 1)
PY
check "long CJK titles are cut with an ellipsis" '부산 국제영화제.*…  아시아'
check "escape sequences are removed from titles" 'Escape test story'
absent "no trace of the escape sequences" 'PWNED|\[31m|1J'
TITLE1=$($TM display -p '#{pane_title}')
[ "$TITLE0" = "$TITLE1" ] && t_ok "the pane title did not change" ||
	t_bad "pane title changed: '$TITLE0' -> '$TITLE1'"

# --- background refresh keeps the cursor ---
keys g
for i in 1 2 3 4 5 6 7; do keys j; done
check "cursor on the ferry story" 'All stories · 8/11'
awk -v late="$DATA/tui/late-item.xml" '
	/<\/channel>/ { while ((getline l < late) > 0) print l }
	{ print }' "$WWW/news.xml" >"$WWW/news.new" && mv "$WWW/news.new" "$WWW/news.xml"
keys R
check "refresh: the new story appears in place" \
	'^ N   2024-03-07  Late edition arrives during refresh'
check "refresh: done message" 'refreshed [0-9]+ feeds: 1 new story'
check "refresh: cursor still on the same story" 'All stories · 9/12'
keys N
check "refresh: N acts on the same story" '^ NS  2024-03-04  Ferry timetable'
quit "second run"

t_done
