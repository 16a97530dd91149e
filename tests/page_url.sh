#!/bin/sh
# page_url.sh: issue 14: a page URL written by hand into the urls file,
# with no tag, is refreshed as `dateline add` would read it: the feed the
# page advertises (remembered, fetched directly afterwards, its stories
# under the line as written) or a hub (remembered); a page with neither
# fails with an error that says what the page holds. The urls file is
# never rewritten, and `dateline feeds` shows what each line became.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

R="$T_TMP/root"
CFG="$T_TMP/cfg"
DB="$T_TMP/dateline.db"
URLS="$CFG/urls"
LOG="$T_TMP/httpd.log"
export DATELINE_TIMEOUT_MS=20000
mkdir -p "$R" "$CFG"
cp "$DATA"/pageurl/* "$R/"
t_httpd_start "$R" --log "$LOG"

dl() { t_run --config-dir "$CFG" --db "$DB" "$@"; }

# t_nogrep NAME FILE REGEX: FILE has no line matching REGEX.
t_nogrep() {
	if grep -Eq -- "$3" "$2"; then
		t_bad "$1: /$3/ in $(basename "$2"): $(grep -E -- "$3" "$2" |
			head -c 300)"
	else t_ok "$1"
	fi
}

# t_eq_n NAME GOT WANT
t_eq_n() {
	[ "$2" = "$3" ] && t_ok "$1" || t_bad "$1: got $2, wanted $3"
}

# requests PATH: how many times the server was asked for PATH.
requests() { grep -c "^GET $1 " "$LOG"; }

# titles URL: the titles of the feed's stories, sorted, one a line.
titles() {
	"$DATELINE" --config-dir "$CFG" --db "$DB" items --feed "$1" --json |
		python3 -c 'import json, sys
for t in sorted(i["title"] for i in json.load(sys.stdin)): print(t)'
}

cat >"$URLS" <<URLS
$B/advert.html
$B/section.html
$B/plain.html
$B/mislabelled.rss
$B/unlabelled.txt
URLS
cp "$URLS" "$T_TMP/urls.before"

# --- the first refresh decides ---
dl refresh
t_expect_rc "refresh of page URLs" 0
t_grep "one error: the plain page" "$T_TMP/out" \
	'^refreshed 5 feeds: 11 new stories, 1 error$'
t_grep "the error says what the page holds" "$T_TMP/err" \
	"^$B/plain\\.html: not a feed, and the page advertises no feed and links to only 0 stories \\(a hub needs 3\\)$"
t_nogrep "no 'root element <html>' error" "$T_TMP/err" 'root element'
titles "$B/advert.html" >"$T_TMP/advert.titles"
printf '%s\n' "Harbour bridge reopens after repairs" \
	"Library extends its winter hours" >"$T_TMP/want"
cmp -s "$T_TMP/want" "$T_TMP/advert.titles" &&
	t_ok "the advertised feed's stories are under the page's line" ||
	t_bad "advert.html stories: $(cat "$T_TMP/advert.titles")"
t_eq_n "the page was fetched once" "$(requests /advert.html)" 1
t_eq_n "the advertised feed was fetched once" "$(requests /gazette.rss)" 1
t_eq_n "the hub page has its 4 stories" \
	"$(titles "$B/section.html" | wc -l | tr -d ' ')" 4
titles "$B/section.html" >"$T_TMP/section.titles"
t_grep "hub stories have their link text" "$T_TMP/section.titles" \
	'^Ferry timetable changes for the winter season$'
titles "$B/mislabelled.rss" >"$T_TMP/mis.titles"
t_grep "a feed served as text/html is read as a feed" "$T_TMP/mis.titles" \
	'^Tide tables printed for the new year$'
t_eq_n "a page served as text/plain is read as one too" \
	"$(titles "$B/unlabelled.txt" | wc -l | tr -d ' ')" 4
cmp -s "$URLS" "$T_TMP/urls.before" && t_ok "the urls file is not rewritten" ||
	t_bad "the urls file changed: $(cat "$URLS")"

# --- feeds shows what each line became ---
dl feeds
t_grep "feeds: page -> feed URL" "$T_TMP/out" \
	"advert\\.html +ok; page → $B/gazette\\.rss\$"
t_grep "feeds: hub" "$T_TMP/out" 'section\.html +ok; hub$'
t_grep "feeds: hub (text/plain)" "$T_TMP/out" 'unlabelled\.txt +ok; hub$'
t_grep "feeds: the plain page's error" "$T_TMP/out" \
	'plain\.html +error: not a feed, and the page advertises no feed'
t_nogrep "feeds: a feed stays a feed" "$T_TMP/out" \
	'mislabelled\.rss .*(page|hub)'
dl feeds --json
t_grep "feeds --json: page_feed" "$T_TMP/out" \
	"\"url\":\"$B/advert.html\".*\"page_feed\":\"$B/gazette.rss\""
t_grep "feeds --json: page_hub" "$T_TMP/out" \
	"\"url\":\"$B/section.html\".*\"page_hub\":true"

# --- later refreshes go straight to what was decided ---
dl refresh
t_expect_rc "second refresh" 0
t_grep "second refresh: only the plain page is skipped" "$T_TMP/out" \
	'^refreshed 4 feeds: 0 new stories, 0 errors \(1 skipped\)$'
t_eq_n "the page is not fetched again" "$(requests /advert.html)" 1
t_eq_n "its feed is fetched directly" "$(requests /gazette.rss)" 2
t_eq_n "the hub page is fetched once more, as a hub" \
	"$(requests /section.html)" 2

# --- an edited line is decided again ---
sed "s#^$B/advert.html\$#$B/advert.html news#" "$T_TMP/urls.before" >"$URLS"
dl refresh
t_expect_rc "refresh after editing the line" 0
t_eq_n "the edited line's page is fetched again" "$(requests /advert.html)" 2
t_eq_n "and its feed" "$(requests /gazette.rss)" 3
dl feeds
t_grep "feeds: still page -> feed URL" "$T_TMP/out" \
	"advert\\.html +ok; page → $B/gazette\\.rss\$"

# --- the page's feed moves: the page is read again ---
mv "$R/gazette.rss" "$R/gazette2.rss"
sed -i 's#/gazette\.rss#/gazette2.rss#' "$R/advert.html"
dl refresh
t_grep "a lost feed is named, and what comes next" "$T_TMP/err" \
	"^$B/advert\.html: the feed the page advertised, $B/gazette\.rss: HTTP 404 Not Found; the page is read again at the next refresh\$"
dl feeds
t_nogrep "the line is not dead" "$T_TMP/out" 'advert\.html +dead'
t_nogrep "the lost feed is forgotten" "$T_TMP/out" 'page → .*gazette\.rss'
dl refresh "$B/advert.html"
t_expect_rc "refresh of the line by name" 0
t_eq_n "the page is read again" "$(requests /advert.html)" 3
t_eq_n "and its new feed fetched" "$(requests /gazette2.rss)" 1
dl feeds
t_grep "feeds: page -> the new feed URL" "$T_TMP/out" \
	"advert\.html +ok; page → $B/gazette2\.rss\$"

# --- the page's feed moves permanently: the new URL is remembered ---
mv "$R/gazette2.rss" "$R/gazette3.rss"
printf 'HTTP/1.1 301 Moved Permanently\r\nLocation: /gazette3.rss\r\n\r\n' \
	>"$R/gazette2.rss.http"
dl refresh "$B/advert.html"
t_expect_rc "refresh through a 301" 0
dl feeds
t_grep "feeds: page -> the feed's new URL" "$T_TMP/out" \
	"advert\.html +ok; page → $B/gazette3\.rss\$"
t_nogrep "the line itself has not moved" "$T_TMP/out" 'advert\.html .*moved to'
dl refresh "$B/advert.html"
t_eq_n "then the new URL is fetched directly" "$(requests /gazette3.rss)" 2
t_eq_n "not the old one" "$(requests /gazette2.rss)" 2

t_done
