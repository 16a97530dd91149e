#!/bin/sh
# everyday.sh: what a daily reader expects of the commands (issue 14): a
# story without a date shows and sorts by when dateline first saw it, and
# a feed's "~Title" from the urls file is the title `items` shows; a
# feed's back-off is forgotten when its line changes or it is refreshed
# by name, and a feed that recovered shows no stale error; mistakes in
# the config file are never ignored silently; one extract-rules loader.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
URLS="$XDG_CONFIG_HOME/dateline/urls"
py() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_bad "$1: got '$2', wanted '$3'"; fi
}

mkdir -p "$WWW" "$(dirname "$URLS")"
cp "$DATA/everyday/undated.xml" "$WWW"/
t_httpd_start "$WWW"
echo "$B/undated.xml \"~My Title\"" >"$URLS"

# --- first seen: 2023-11-14 22:13:20 UTC; "today" is 2027 ---
DATELINE_NOW=1700000000 t_run refresh
t_expect_rc "refresh" 0
export DATELINE_NOW=1800000000
t_run items
t_expect_rc "items" 0
t_grep "undated: the time first seen, not today" "$T_TMP/out" \
	'^ +[0-9]+  2023-11-14 22:13  N   My Title +Undated story$'
t_eq "sorted by first seen: after the newer dated story" \
	"$(sed 's/.*  //' "$T_TMP/out" | tr '\n' ,)" "Dated story,Undated story,"
t_grep "the urls file's ~Title wins" "$T_TMP/out" \
	'^ +[0-9]+  2024-01-01 08:00  N   My Title +Dated story$'
"$DATELINE" items --json >"$T_TMP/items.json"
t_eq "json: first_seen of every item" \
	"$(py '",".join(str(i["first_seen"]) for i in d)' <"$T_TMP/items.json")" \
	"2023-11-14T22:13:20Z,2023-11-14T22:13:20Z"
t_eq "json: order and dates" \
	"$(py '",".join("%s %s" % (i["title"], i["published"]) for i in d)' \
	<"$T_TMP/items.json")" \
	"Dated story 2024-01-01T08:00:00Z,Undated story None"
t_eq "json: feed_title is the ~Title" \
	"$(py '",".join(i["feed_title"] for i in d)' <"$T_TMP/items.json")" \
	"My Title,My Title"
unset DATELINE_NOW

# --- back-off: forgotten when the line changes or on `refresh URL` ---
# jfeed URL EXPR: EXPR over the feeds --json entry f of URL
jfeed() {
	"$DATELINE" feeds --json | python3 -c "import json, sys
f = [f for f in json.load(sys.stdin) if f['url'] == sys.argv[1]][0]
print($2)" "$1"
}
# state URL: the state column of URL in `feeds`
state() { "$DATELINE" feeds | grep -F "$1" | sed 's/.*  //'; }
F="$B/flaky.xml"
G="$B/other.xml"
cp "$DATA/everyday/broken.xml.http" "$WWW/flaky.xml.http"
cp "$DATA/everyday/broken.xml.http" "$WWW/other.xml.http"
printf '%s\n%s\n' "$F" "$G" >"$URLS"
export DATELINE_NOW=1800000000
t_run refresh
t_eq "both fail" "$(jfeed "$F" 'f["last_status"]') $(jfeed "$G" \
	'f["last_status"]')" "500 500"
BACKOFF=$(jfeed "$F" 'f["next_refresh"]')
# The server is fixed; a plain refresh still waits for the back-off.
rm "$WWW/flaky.xml.http" "$WWW/other.xml.http"
cp "$DATA/everyday/undated.xml" "$WWW/flaky.xml"
cp "$DATA/everyday/undated.xml" "$WWW/other.xml"
export DATELINE_NOW=1800000010
t_run refresh
t_eq "backing off: not fetched" "$(jfeed "$F" 'f["last_status"]')" 500
# A tag added to the line: fetched now, and shown recovered.
printf '%s news\n%s\n' "$F" "$G" >"$URLS"
export DATELINE_NOW=1800000020
t_run refresh
t_eq "tag added: fetched now" "$(jfeed "$F" 'f["last_status"]')" 200
t_eq "recovered: no error left" "$(jfeed "$F" \
	'(f["last_error"], f["next_refresh"])')" "(None, None)"
t_eq "recovered: feeds says ok" "$(state "$F")" ok
t_eq "the other feed still backs off" "$(jfeed "$G" 'f["last_status"]')" 500
# refresh URL forgets the back-off: failing again, the wait is the first
# one's, not a longer one.
rm "$WWW/other.xml"
cp "$DATA/everyday/broken.xml.http" "$WWW/other.xml.http"
export DATELINE_NOW=1800000000
t_run refresh "$G"
t_expect_rc "refresh URL: fails again" 1
t_eq "refresh URL: the back-off starts over" \
	"$(jfeed "$G" 'f["next_refresh"]')" "$BACKOFF"
# A feed that answers 304 after an error has recovered too.
rm "$WWW/other.xml.http"
cp "$DATA/everyday/undated.xml" "$WWW/other.xml"
t_run refresh "$G"
t_expect_rc "refresh URL: recovered" 0
rm "$WWW/other.xml"
cp "$DATA/everyday/broken.xml.http" "$WWW/other.xml.http"
t_run refresh "$G"
rm "$WWW/other.xml.http"
cp "$DATA/everyday/undated.xml" "$WWW/other.xml"
t_run refresh "$G"
t_eq "304 after an error: recovered" "$(jfeed "$G" \
	'(f["last_status"], f["last_error"], f["next_refresh"])')" \
	"(304, None, None)"
t_eq "304 after an error: feeds says ok" "$(state "$G")" ok
unset DATELINE_NOW

# --- configuration mistakes: warned by every command, listed by dump ---
CONF="$XDG_CONFIG_HOME/dateline/config"
printf '%s\n' 'set max-itmes 50' 'set max-per-host many' 'bind j down' \
	'bind x self-destruct' 'theme no-such-theme' >"$CONF"
problems='config:1: unknown setting .max-itmes.
config:2: max-per-host: .many.
config:4: bind x: unknown action .self-destruct.
config:5: theme .no-such-theme. is not installed'
t_run items
t_expect_rc "items with a bad config" 0
t_eq "items: every mistake on stderr, once each" "$(grep -c . "$T_TMP/err")" 4
echo "$problems" | while IFS= read -r p; do
	grep -q -- "$p" "$T_TMP/err" || echo "$p"
done >"$T_TMP/missing"
t_eq "items: each named" "$(cat "$T_TMP/missing")" ""
t_run feeds
t_eq "feeds: warned too" "$(grep -c . "$T_TMP/err")" 4
t_run --dump-config
t_expect_rc "dump-config" 0
t_eq "dump-config lists them" "$(grep -c '^# problem: .*config:[0-9]' \
	"$T_TMP/out")" 4
echo "$problems" | while IFS= read -r p; do
	grep -q -- "^# problem: .*$p" "$T_TMP/out" || echo "$p"
done >"$T_TMP/missing"
t_eq "dump-config: each named" "$(cat "$T_TMP/missing")" ""
printf 'set max-items 50\nbind j down\n' >"$CONF"
t_run items
t_eq "a good config: no warning" "$(cat "$T_TMP/err")" ""

# --- one extract-rules loader: a relative XDG_CONFIG_HOME is ignored ---
mkdir -p "$T_TMP/rel/dateline"
printf 'x.example div..bad\n' >"$T_TMP/rel/dateline/extract-rules"
printf '# rules\nx.example div..bad\n' >"$HOME/.config/dateline/extract-rules"
(cd "$T_TMP" && XDG_CONFIG_HOME=rel "$DATELINE" extract \
	--url https://x.example/a "$DATA/pages/wire.html" >/dev/null \
	2>"$T_TMP/err")
t_grep "extract: the rules of ~/.config, not of a relative XDG folder" \
	"$T_TMP/err" "$HOME/.config/dateline/extract-rules:2: bad selector"
t_eq "extract: the relative folder is not read" \
	"$(grep -c 'rel/dateline' "$T_TMP/err")" 0
rm -f "$HOME/.config/dateline/extract-rules"

t_done
