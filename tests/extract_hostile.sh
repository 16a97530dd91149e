#!/bin/sh
# extract_hostile.sh: hostile nesting gives an answer in bounded time
# (issue 11, finding 4). Each page is made here (no megabyte fixtures):
# 100,000 nested divs took 64 s inside gumbo before html_flatten, and
# an article more than 400 levels deep was lost. `timeout 10` is a hang
# guard only; the real time is about 0.02 s (0.6 s of CPU for the
# <p><b id> page, whose reopened formatting elements are gumbo's worst
# case).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 missing"; exit 77; }
command -v timeout >/dev/null 2>&1 || { echo "timeout missing"; exit 77; }

# hostile_page NAME OPEN-MARKUP COUNT: COUNT copies of OPEN-MARKUP, the
# article (paragraphs ending in "closing words"), then no end tags.
hostile_page() {
	python3 - "$T_TMP/$1.html" "$2" "$3" <<'PY'
import sys
path, unit, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
para = ("The council met on a cold evening to settle the budget for the "
    "coming year, and members argued for an hour about the roads. ") * 3
units = "".join(unit.replace("N", str(i)) for i in range(n))
with open(path, "w") as f:
    f.write("<html><head><title>Deep page</title></head><body>" + units +
        "<p>" + para + "<p>" + para + "closing words.</p>")
PY
}

# hostile_check NAME: the article is found, with its last words.
hostile_check() {
	timeout 10 "$DATELINE" extract "$T_TMP/$1.html" >"$T_TMP/out" \
	    2>"$T_TMP/err"
	T_RC=$?
	t_expect_rc "$1: extract answers within 10 s" 0
	t_grep "$1: the article inside is found" "$T_TMP/out" "closing words"
}

hostile_page divs "<div>" 100000
hostile_page divs_closed "<div>" 2000
hostile_page spans "<span>" 100000
hostile_page lists "<ul><li>" 50000
hostile_page reopen "<p><b id=N>x</p>" 20000
hostile_page adopt "<a><div><a>" 30000
hostile_page inline_end "<span><div></span>" 50000
for name in divs divs_closed spans lists reopen adopt inline_end; do
	hostile_check "$name"
done

# Size: gumbo's time and memory grow with the elements (reopened
# formatting ones too), so it reads at most 1 MB of markup (scripts,
# styles and comments out). 14 MB of <p><b id=N>x</p> took about 10 s
# and 1 GB; capped, 0.65 s of CPU and 230 MB. The bound of 30 s holds
# the sanitizer build too; the warning shows the cap was applied.
hostile_big() {
	timeout 30 "$DATELINE" extract "$T_TMP/$1.html" >"$T_TMP/out" \
	    2>"$T_TMP/err"
	T_RC=$?
	t_expect_rc "$1: extract answers within 30 s" 0
	t_grep "$1: the cap is said" "$T_TMP/err" \
	    "page too large: .* MB of markup, article taken from the first 1 MB"
}
python3 - "$T_TMP" <<'PY'
import sys
d = sys.argv[1]
para = ("The council met on a cold evening to settle the budget for the "
    "coming year, and members argued for an hour about the roads. ") * 3
art = "<article><p>" + para + "<p>" + para + "closing words.</p></article>"
pages = {
    "reopen_big": "".join("<p><b id=%d>x</p>" % i for i in range(600000)),
    "flat_big": "".join("<p>x%d</p>" % i for i in range(1200000)),
}
for name, junk in pages.items():
    with open("%s/%s.html" % (d, name), "w") as f:
        f.write("<html><head><title>Big page</title></head><body>" +
            art + "<div>" + junk + "</div></body></html>")
# 3 MB of scripts before the article: scripts do not count.
with open(d + "/scripts.html", "w") as f:
    f.write("<html><head><title>Scripts</title>" + ("<script>var a = '" +
        "x" * 1000 + "';</script>") * 3000 + "</head><body>" + art +
        "</body></html>")
PY
for name in reopen_big flat_big; do
	hostile_big "$name"
	t_grep "$name: the article before the cut is found" "$T_TMP/out" \
	    "closing words"
done
hostile_check scripts
if grep -q "page too large" "$T_TMP/err"; then
	t_bad "scripts: 3 MB of scripts counted as markup"
else
	t_ok "scripts: scripts do not count"
fi

# The text after a deep region that closes again keeps its place.
python3 - "$T_TMP/after.html" <<'PY'
import sys
para = ("Rain is expected through the weekend, and the river may rise "
    "above its banks near the old mill by Sunday night. ") * 4
with open(sys.argv[1], "w") as f:
    f.write("<html><body>" + "<div>" * 50000 + "x" + "</div>" * 50000 +
        "<nav><a href=/>Home</a></nav><article><p>" + para +
        "</p><p>" + para + "closing words.</p></article></body></html>")
PY
hostile_check after

# Hub parsing (dateline add looks for a feed and for stories on the page)
# reads the same pages through gumbo.
mkdir -p "$T_TMP/root" "$T_TMP/cfg"
python3 - "$T_TMP/root/deep.html" <<'PY'
import sys
links = "".join('<h3><a href="/story/%d">Story number %d is a headline</a>'
    '</h3>' % (i, i) for i in range(12))
with open(sys.argv[1], "w") as f:
    f.write("<html><head><title>Deep hub</title></head><body>" +
        "<div>" * 100000 + links + "</body></html>")
PY
t_httpd_start "$T_TMP/root"
timeout 10 "$DATELINE" --config-dir "$T_TMP/cfg" --db "$T_TMP/db" add \
    "$B/deep.html" >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?
if [ "$T_RC" -ne 124 ]; then
	t_ok "hub: dateline add of a deep page answers within 10 s"
else
	t_bad "hub: dateline add of a deep page timed out"
fi
t_grep "hub: the stories inside are found" "$T_TMP/out" \
    "hub page: 12 stories found"

# A hub page of 14 MB (under the 16 MB download cap) of reopened
# formatting elements after its stories: gumbo reads its first 2 MB of
# markup (4.2 s of CPU and 1.35 GB before, 0.7 s and 224 MB now).
python3 - "$T_TMP/root/big.html" <<'PY'
import sys
links = "".join('<h3><a href="/story/%d">Story number %d is a headline</a>'
    '</h3>' % (i, i) for i in range(12))
with open(sys.argv[1], "w") as f:
    f.write("<html><head><title>Big hub</title></head><body>" + links +
        "<div>" + "".join("<p><b id=%d>x</p>" % i for i in range(650000)) +
        "</div></body></html>")
PY
rm -f "$T_TMP"/db*
timeout 30 "$DATELINE" --config-dir "$T_TMP/cfg" --db "$T_TMP/db" add \
    "$B/big.html" >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?
if [ "$T_RC" -ne 124 ]; then
	t_ok "hub: dateline add of a 14 MB page answers within 30 s"
else
	t_bad "hub: dateline add of a 14 MB page timed out"
fi
t_grep "hub: the stories before the cut are found" "$T_TMP/out" \
    "hub page: 12 stories found"

t_done
