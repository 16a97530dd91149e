#!/bin/sh
# tui_basic.sh: the reader driven in tmux against tests/httpd.py: the feed
# list, a story list, an article with its full page, marks that persist,
# the saved view, resize, CJK columns, escape sequences in titles, a
# background refresh and a clean exit; every check reads the screen with
# tmux capture-pane.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-test
. "$top_srcdir/tests/tui_lib.sh"

# start: dateline in a new 120x40 tmux session, through run.sh, which
# writes its exit status to $T_TMP/exit.
start() { tui_start; }

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

# First start: no urls file yet. The reader writes the default
# subscriptions and lists them; nothing is fetched (refresh-on-start off,
# so no test ever reaches the internet).
echo 'set refresh-on-start no' >"$CONF/config"
start
check "first start lists the default subscriptions" 'BBC News: Asia'
check "first start: the AP hub is among them, marked as a hub" \
	'^ *H +AP News: Asia-Pacific'
quit "first start"
if grep -q '^https://apnews.com/hub/asia-pacific .*hub' "$CONF/urls" 2>/dev/null
then t_ok "first start wrote the default urls file"
else t_bad "no default urls file with the AP hub in $CONF"; fi
rm -f "$CONF/urls" "$CONF/config"

t_httpd_start "$WWW" --log "$T_TMP/httpd.log"
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

# style.py SCREEN TEXT: the style of TEXT's first character on a screen
# captured with -e: "a=bold,reverse fg=31 bg=c256:46" (fg and bg: an
# SGR colour 30-37/90-97, c256:N, #rrggbb or default).
cat >"$T_TMP/style.py" <<'PY'
import re, sys
def apply(st, ps):
    ps = re.split('[;:]', ps)
    i = 0
    while i < len(ps):
        p = int(ps[i] or 0)
        if p == 0: st.update(a=set(), fg='default', bg='default')
        elif p in (1, 2, 3, 4, 5, 7): st['a'].add(p)
        elif p == 22: st['a'] -= {1, 2}
        elif p in (23, 24, 25, 27): st['a'].discard(p - 20)
        elif 30 <= p <= 37 or 90 <= p <= 97: st['fg'] = str(p)
        elif 40 <= p <= 47 or 100 <= p <= 107: st['bg'] = str(p)
        elif p in (39, 49): st['fg' if p == 39 else 'bg'] = 'default'
        elif p in (38, 48):
            k = 'fg' if p == 38 else 'bg'
            if ps[i + 1] == '5':
                st[k] = 'c256:' + ps[i + 2]; i += 2
            else:
                rgb = [int(x) for x in ps[i + 2:i + 6] if x != ''][-3:]
                st[k] = '#%02x%02x%02x' % tuple(rgb); i += 4
        i += 1
names = {1: 'bold', 2: 'dim', 3: 'italic', 4: 'underline', 5: 'blink',
         7: 'reverse'}
st = {'a': set(), 'fg': 'default', 'bg': 'default'}
text, styles = [], []
data = open(sys.argv[1], encoding='utf-8').read()
i = 0
while i < len(data):
    m = re.match(r'\x1b\[([0-9;:]*)m', data[i:])
    if m:
        apply(st, m.group(1)); i += m.end(); continue
    text.append(data[i])
    styles.append('a=%s fg=%s bg=%s' % (','.join(names[a] for a in
        sorted(st['a'])) or 'none', st['fg'], st['bg']))
    i += 1
at = ''.join(text).find(sys.argv[2])
print(styles[at] if at >= 0 else 'absent')
PY

# style NAME TEXT REGEX: TEXT appears and the style of its first
# character (style.py) matches REGEX.
style() {
	wait_for "$2"
	$TM capture-pane -p -e >"$SCREEN.e" 2>/dev/null
	got=$(python3 "$T_TMP/style.py" "$SCREEN.e" "$2")
	if echo "$got" | grep -Eq -- "$3"; then t_ok "$1"
	else t_bad "$1: '$2' is drawn with '$got', not /$3/"
		sed 's/^/# /' "$SCREEN"; fi
}

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
	"$CONF/config:5: bind z: unknown action 'no-such-action'"
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
keys -l timetable
keys Enter
check "search: results view" 'Search: timetable · 1/1'
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

# --- colours and themes ---
T256=tmux-256color
infocmp $T256 >/dev/null 2>&1 || T256=screen-256color
mkdir -p "$CONF/themes"
cp "$DATA/tui/test.theme" "$CONF/themes/test"
cat >"$CONF/config" <<EOF
set refresh-on-start no
theme test
color saved brightyellow default
color nosuch red default
EOF
echo "export TERM=$T256" >"$T_TMP/env"
start
# First: messages last 4 seconds.
check "config: an unknown colour element is reported" \
	"$CONF/config:4: color: unknown element 'nosuch'"
style "config: errors drawn as error" "$CONF/config:4" 'a=bold fg=37 bg=41'
style "theme: the title bar" 'dateline ' 'a=bold fg=97 bg=44'
style "theme: the selected row, #00ff00 as 256 colours" 'All stories' \
	'fg=30 bg=c256:46'
style "theme: an unread feed is bold and red" 'Harbour News' \
	'a=bold fg=31 bg=default'
style "theme: the status line" 'Feeds 1/4' 'fg=30 bg=46'
keys j Enter
wait_for 'Harbour bridge reopens'
keys j j j
style "theme: the date column in colour244" '2024-03-05' 'fg=c256:244'
style "config: a color line after the theme wins (saved)" \
	'S  2024-03-04' 'fg=93'
style "theme: a read title is list, not unread" 'Harbour bridge reopens' \
	'a=none fg=default'
style "theme: an unread title" 'Escape test story' 'a=bold fg=31'
keys g j Enter
# The title is in the list too: wait for the article's own text first.
wait_for 'chamber of'
style "theme: article title" 'Harbour bridge reopens' 'a=bold fg=c256:196'
style "theme: a link in the text, #0000ff as 256 colours" 'chamber of' \
	'a=underline fg=c256:21'
style "theme: the link list's number" '[1] https' 'fg=c256:208'
quit "themed run"

# Truecolour where the terminal takes RGB (a terminfo with colors#2^24),
# the nearest of 8 where it has 8.
cat >"$T_TMP/direct.ti" <<EOF
dateline-direct|$T256 with 24-bit colours,
	colors#0x1000000, pairs#0x10000, RGB,
	setab=\E[%?%p1%{8}%<%t4%p1%d%e48;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d%;m,
	setaf=\E[%?%p1%{8}%<%t3%p1%d%e38;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d%;m,
	use=$T256,
EOF
if tic -x -o "$T_TMP/terminfo" "$T_TMP/direct.ti" >/dev/null 2>&1; then
	echo "export TERM=dateline-direct TERMINFO='$T_TMP/terminfo'" \
		>"$T_TMP/env"
	start
	style "truecolour: #00ff00 as it is" 'All stories' 'bg=#00ff00'
	style "truecolour: brightwhite" 'dateline ' 'fg=#ffffff bg=44'
	quit "truecolour run"
else
	echo "# tic failed: truecolour not checked"
fi
echo "export TERM=screen" >"$T_TMP/env"
start
style "8 colours: #00ff00 is green" 'All stories' 'bg=42'
style "8 colours: brightwhite is white and bold" 'dateline ' \
	'a=bold fg=37 bg=44'
quit "8-colour run"

# NO_COLOR: attributes only; what the theme coloured keeps the built-in
# attributes (the selected row reversed, unread bold).
echo "export TERM=$T256 NO_COLOR=1" >"$T_TMP/env"
start
$TM capture-pane -p -e >"$SCREEN.e"
ESC=$(printf '\033')
if grep -Eq "$ESC\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m" \
    "$SCREEN.e"; then t_bad "NO_COLOR: a colour on the screen"
	cat -v "$SCREEN.e" | sed 's/^/# /'
else t_ok "NO_COLOR: no colour on the screen"; fi
style "NO_COLOR: the selected row is reversed" 'All stories' \
	'reverse fg=default bg=default'
style "NO_COLOR: an unread feed is bold" 'Harbour News' 'a=bold fg=default'
quit "NO_COLOR run"

# NO_COLOR set but empty does not count (no-color.org).
echo "export TERM=$T256 NO_COLOR=" >"$T_TMP/env"
start
style "NO_COLOR empty: colours stay" 'All stories' 'bg=c256:46'
quit "NO_COLOR empty run"

# The shipped themes load without a complaint; the user's themes folder
# overrides them; an unknown theme is reported.
echo "export TERM=$T256 DATELINE_THEMES_DIR='$top_srcdir/themes'" \
	>"$T_TMP/env"
for th in default light dark mono high-contrast; do
	printf 'set refresh-on-start no\ntheme %s\n' $th >"$CONF/config"
	start
	absent "theme $th: loads without a warning" "themes/$th|$th:[0-9]"
	quit "theme $th"
done
echo 'color title red default' >"$CONF/themes/dark"
printf 'set refresh-on-start no\ntheme dark\n' >"$CONF/config"
start
style "the user's themes/dark overrides the shipped one" 'dateline ' \
	'fg=31 bg=default'
quit "user theme"
printf 'set refresh-on-start no\ntheme nosuch\n' >"$CONF/config"
start
check "an unknown theme is reported" "config:2: theme 'nosuch' is not installed"
quit "unknown theme"
rm -f "$T_TMP/env"
OUT="$T_TMP/out"
mkdir -p "$OUT"
echo "cd '$OUT'" >"$T_TMP/env"

# --- more keys: E, t, a, d, :, y, 1-9, f, r, C, and the mouse ---
cat >"$CONF/config" <<EOF
set refresh-on-start no
set browser $T_TMP/browser.sh
EOF
sed -i "s|^$B/news.xml .*|$B/news.xml \"~Harbour News\" local|" "$CONF/urls"
cp "$DATA/tui/extra.xml" "$WWW/"
start
keys E
check "E: the error log names the failing feed" "^ $B/missing.xml: .*404"
check "E: its status line" 'Errors · 1 feed failed'
keys q t
check "t: the tag list" '^  local +[0-9]+ unread  1 feed'
keys j Enter
check "t: the feed list filtered by tag" 'Feeds 1/2 · .* · tag local'
absent "t: feeds without the tag are gone" 'missing.xml|아시아'
keys g Enter
check "t: All stories under the tag" 'All stories · tag local'
check "t: All stories lists the tagged feed's stories" 'Harbour News'
absent "t: and no story of the other feeds" '아시아|서울|東京'
keys q t g Enter
check "t and Enter: every feed again" "$B/missing.xml"
keys a
check "a: the subscribe prompt" '^subscribe to:'
keys -l "$B/extra.xml"
keys Enter
check "a: the new feed is fetched and listed" 'Extra Feed +2/2'
grep -q "^$B/extra.xml\$" "$CONF/urls" && t_ok "a: written to the urls file" ||
	t_bad "a: not in the urls file: $(cat "$CONF/urls")"
keys G d
check "d: asks first" 'unsubscribe from Extra Feed\? \(y/n\)'
keys n
check "d, n: cancelled" 'cancelled'
check "d, n: the feed stays" 'Extra Feed +2/2'
keys d y
check "d, y: unsubscribed" "unsubscribed from $B/extra.xml"
absent "d, y: the feed is gone" 'Extra Feed'
grep -q "extra.xml" "$CONF/urls" && t_bad "d: still in the urls file" ||
	t_ok "d: gone from the urls file"
keys :
keys -l nosuch
keys Enter
check ": an unknown command is reported" "unknown command 'nosuch'"
keys :
keys -l all-stories
keys Enter
check ": runs an action by name" 'All stories · 1/'
keys g y
n=0; until [ "$($TM show-buffer 2>/dev/null)" = "http://127.0.0.1:9/late.html" ] ||
	[ $n -gt 100 ]; do sleep 0.05; n=$((n + 1)); done
[ "$($TM show-buffer 2>/dev/null)" = "http://127.0.0.1:9/late.html" ] &&
	t_ok "y: the link reached the clipboard (OSC 52)" ||
	t_bad "y: the clipboard holds '$($TM show-buffer 2>&1)'"
keys q g
check "back in the feed list" 'Feeds 1/4'
keys j Enter j Enter
check "article open" 'Engineers replaced forty-two'
# e: the story as Markdown in the current folder (run.sh cd's to $OUT).
SLUG=harbour-bridge-reopens-after-repairs
keys e
check "e: exported, the path in the message" "exported to $SLUG\.md"
f="$OUT/$SLUG.md"
[ "$(sed -n 1p "$f" 2>/dev/null)" = "# Harbour bridge reopens after repairs" ] &&
	t_ok "e: the file starts with the title line" ||
	t_bad "e: first line '$(sed -n 1p "$f" 2>&1)'"
grep -qx "Source: <$B/bridge.html>" "$f" 2>/dev/null &&
	t_ok "e: the source line" || t_bad "e: no source line in $f"
grep -q 'Engineers replaced forty-two' "$f" 2>/dev/null &&
	t_ok "e: the full article's text" || t_bad "e: no article text in $f"
keys e
check "e again: a new file, not over the first" "exported to $SLUG-2\.md"
cmp -s "$f" "$OUT/$SLUG-2.md" && t_ok "e again: the same story" ||
	t_bad "e again: $SLUG-2.md differs"
rm -f "$T_TMP/opened"
keys 1
n=0; while [ ! -s "$T_TMP/opened" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
[ "$(cat "$T_TMP/opened" 2>/dev/null)" = "https://example.org/chamber" ] &&
	t_ok "1: the browser got link 1" ||
	t_bad "1: browser got '$(cat "$T_TMP/opened" 2>/dev/null)'"
keys 9
check "9: no link 9 is reported" 'no link 9 in this story'
before=$(grep -c 'bridge.html' "$T_TMP/httpd.log")
keys f
check "f: fetching the article again" 'fetching the full article'
n=0; while [ "$(grep -c 'bridge.html' "$T_TMP/httpd.log")" -le "$before" ] &&
	[ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
[ "$(grep -c 'bridge.html' "$T_TMP/httpd.log")" -gt "$before" ] &&
	t_ok "f: the page was fetched again" || t_bad "f: no new request"
check "f: the article is still shown" 'Engineers replaced forty-two'
keys r
check "r: refreshes the story's feed" 'refreshed 1 feed: '
keys q q C
check "C: asks first" 'mark every story read\? \(y/n\)'
keys y
check "C, y: everything marked read" 'Feeds [0-9]/4 · 0 unread'
check "C, y: counts updated" 'Harbour News +0/5'
# Mouse, as xterm (X10) reports it: button, column and row plus 33.
chr() { printf "\\$(printf %o "$1")"; }
mouse() { printf '\033[M%s%s%s' "$(chr $((32 + $1)))" \
	"$(chr $((33 + $2)))" "$(chr $((33 + $3)))"; }
keys g
check "mouse: from the first row" 'Feeds 1/4'
keys -l "$(mouse 0 10 2)$(mouse 3 10 2)"
check "mouse: a click selects the row" 'Feeds 2/4'
sleep 0.2	# not one double click with the next two
keys -l "$(mouse 0 10 3)$(mouse 3 10 3)$(mouse 0 10 3)$(mouse 3 10 3)"
check "mouse: a double click opens it" '아시아 뉴스 アジア 亚洲 · 1/6'
keys -l "$(mouse 65 10 5)"
check "mouse: the wheel scrolls three rows" '아시아 뉴스 アジア 亚洲 · 4/6'
keys -l "$(mouse 64 10 5)"
check "mouse: and back" '아시아 뉴스 アジア 亚洲 · 1/6'
quit "keys run"

# --- the "fetching…" state is cancelled by C-g (and by q) ---
# The market story's page answers after 4 s; its summary is short.
python3 - "$XDG_DATA_HOME/dateline/dateline.db" "$B" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE items SET link = ? WHERE guid = 'tui-news-3'",
           (sys.argv[2] + "/slow-market.html?delay=4000",))
db.execute("DELETE FROM articles WHERE item_id = (SELECT id FROM items"
           " WHERE guid = 'tui-news-3')")
db.commit()
PY
printf '<html><body><article><p>%s</p></article></body></html>\n' \
	"Slowpagetext $(printf 'is a long sentence of the page. %.0s' \
	$(seq 60))" >"$WWW/slow-market.html"
# stored: the rows of the market story's article in the cache.
stored() {
	python3 - "$XDG_DATA_HOME/dateline/dateline.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM articles WHERE item_id = (SELECT"
                 " id FROM items WHERE guid = 'tui-news-3')").fetchone()[0])
PY
}
# gone NAME REGEX: REGEX leaves the screen within a second.
gone() {
	n=20
	while cap && grep -Eq -- "$2" "$SCREEN" && [ "$n" -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	absent "$1" "$2"
}
start
keys j Enter
check "cancel: the story list" 'Night market returns'
cap
row=$(grep -n 'Night market returns' "$SCREEN" | head -1 | cut -d: -f1)
i=2; while [ "$i" -lt "${row:-2}" ]; do keys j; i=$((i + 1)); done
keys Enter
check "cancel: fetching shown" 'fetching article'
check "cancel: the summary meanwhile" 'Quietwordzebra'
keys C-g
check "C-g: fetch cancelled" 'fetch cancelled'
gone "C-g: no longer fetching" 'fetching article'
check "C-g: the summary stays" 'Quietwordzebra'
sleep 4.5	# past the server's answer
absent "C-g: the page never arrives" 'Slowpagetext'
[ "$(stored)" = 0 ] && t_ok "C-g: no article stored" ||
	t_bad "C-g: $(stored) article row(s) stored"
keys q
check "back to the list" 'Night market returns'
keys Enter
check "reopening fetches again" 'fetching article'
keys q
check "q: cancels too" 'fetch cancelled'
gone "q: no longer fetching" 'fetching article'
check "q: back in the list" 'Night market returns'
sleep 4.5
[ "$(stored)" = 0 ] && t_ok "q: no article stored" ||
	t_bad "q: $(stored) article row(s) stored"
keys Enter
check "without a cancel the page arrives" 'Slowpagetext'
[ "$(stored)" = 1 ] && t_ok "and is stored" ||
	t_bad "not stored: $(stored) rows"
quit "cancel run"

t_done
