#!/bin/sh
# read_table.sh: tables in `dateline read --width` (columns as wide as
# their widest cell, wide characters counted two, one row after the other
# when they cannot fit) and in `dateline export-story` (GFM tables).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
CONF="$XDG_CONFIG_HOME/dateline"
DATELINE_TIMEOUT_MS=3000
export DATELINE_TIMEOUT_MS
mkdir -p "$WWW" "$CONF"
t_httpd_start "$WWW"
sed "s|@BASE@|$B|g" "$DATA/table/feed.xml.in" >"$WWW/feed.xml"
echo "$B/feed.xml" >"$CONF/urls"
t_run refresh
t_expect_rc "refresh the table feed" 0
ID=$("$DATELINE" items --json | python3 -c "import json, sys
print(json.load(sys.stdin)[0]['id'])")

# cols FILE: the display column of every "│" on the lines holding one,
# one line of columns per table line.
cols() {
	python3 - "$1" <<'PY'
import sys, unicodedata
for l in open(sys.argv[1], encoding="utf-8"):
    if "\u2502" not in l:
        continue
    w, out = 0, []
    for ch in l:
        if ch == "\u2502":
            out.append(str(w))
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    print(" ".join(out))
PY
}

t_run read "$ID" --width 60
t_expect_rc "read --width 60" 0
t_grep "60: the header row padded" "$T_TMP/out" \
	'^Port       │ High tide │ Note$'
t_grep "60: a short cell padded" "$T_TMP/out" '^Oslo       │ 06:10     │ calm$'
t_grep "60: the CJK cell fills ten columns" "$T_TMP/out" \
	'^東京都庁前 │ 07:45     │ a\|b map\[1\]$'
cols "$T_TMP/out" >"$T_TMP/cols"
t_grep "60: an empty first cell keeps its column" "$T_TMP/out" \
	'^           │ 09:30     │ unnamed$'
if [ "$(sort -u "$T_TMP/cols" | tr '\n' ,)" = "11,11 23," ] &&
    [ "$(wc -l <"$T_TMP/cols")" -eq 5 ]; then
	t_ok "60: the separators line up in display columns"
else t_bad "60: separator columns: $(tr '\n' ';' <"$T_TMP/cols")"; fi

t_run read "$ID" --width 20
t_expect_rc "read --width 20" 0
t_grep "20: too narrow, one row after the other" "$T_TMP/out" \
	'^Oslo │ 06:10 │ calm$'
t_grep "20: a row wraps" "$T_TMP/out" '^東京都庁前 │ 07:45 │$'

mkdir -p "$T_TMP/exp"
t_run export-story "$ID" -o "$T_TMP/t.md"
t_expect_rc "export-story" 0
t_grep "md: the header row" "$T_TMP/t.md" '^\| \*\*Port\*\* \| \*\*High tide\*\* \| \*\*Note\*\* \|$'
t_grep "md: the delimiter row" "$T_TMP/t.md" '^\| --- \| --- \| --- \|$'
t_grep "md: a row, | escaped, the link a reference" "$T_TMP/t.md" \
	'^\| 東京都庁前 \| 07:45 \| a\\\|b \[map\]\[1\] \|$'
t_grep "md: a short row padded with an empty cell" "$T_TMP/t.md" \
	'^\| Bergen \| 05:02 \|  \|$'
t_grep "md: an empty first cell" "$T_TMP/t.md" '^\|  \| 09:30 \| unnamed \|$'
t_grep "md: the text before, then a blank line" "$T_TMP/t.md" \
	'^The table below lists the ports\.$'
t_done
