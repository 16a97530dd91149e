#!/bin/sh
# extract_golden.sh: `dateline extract --json` on every page fixture in
# tests/data/pages/NAME.html gives the metadata of NAME.expected.json
# exactly, and the paragraphs of NAME.expected.txt (separated by one blank
# line): recall (expected paragraphs found) and precision (paragraphs out
# that are expected) must both be 100%. An empty NAME.expected.txt means
# "no article": exit 1, "no article found" on stderr, text null. Every
# page also gives the same bytes with the pre-scan off
# (DATELINE_EXTRACT_NO_PRESCAN=1: gumbo reads the whole page).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 missing"; exit 77; }

n=0
for page in "$DATA"/pages/*.html; do
	[ -f "$page" ] || continue
	base=${page%.html}
	name=$(basename "$base")
	n=$((n + 1))
	t_run extract --json --url "https://news.example/$name" "$page"
	if [ -s "$base.expected.txt" ]; then
		t_expect_rc "$name: extract" 0
	else
		t_expect_rc "$name: extract, no article" 1
		t_grep "$name: says why" "$T_TMP/err" \
		    "^dateline extract: .*: no article found \([0-9]+ paragraphs, [0-9]+ characters of text\)$"
	fi
	DATELINE_EXTRACT_NO_PRESCAN=1 "$DATELINE" extract --json \
	    --url "https://news.example/$name" "$page" >"$T_TMP/out.full" \
	    2>/dev/null
	if cmp -s "$T_TMP/out" "$T_TMP/out.full"; then
		t_ok "$name: same result with the pre-scan off"
	else
		t_bad "$name: the pre-scan changes the result: $(diff \
		    "$T_TMP/out" "$T_TMP/out.full" | head -n 6)"
	fi
	if python3 - "$T_TMP/out" "$base" >"$T_TMP/cmp" 2>&1 <<'PY'
import json, sys
out, base = sys.argv[1], sys.argv[2]
got = json.load(open(out, encoding="utf-8"))
want = json.load(open(base + ".expected.json", encoding="utf-8"))
bad = 0
for k, v in want.items():
    if got.get(k) != v:
        print("  %s: got %r, want %r" % (k, got.get(k), v))
        bad = 1
exp = [p.strip() for p in open(base + ".expected.txt", encoding="utf-8").read().split("\n\n") if p.strip()]
text = got.get("text")
if not exp and text is not None:
    print("  text: got %r, want null" % text[:200])
    bad = 1
out_p = [p for p in (text or "").split("\n\n") if p]
found = sum(1 for p in exp if p in out_p)
wrong = [p for p in out_p if p not in exp]
order = [p for p in out_p if p in exp] == [p for p in exp if p in out_p]
print("%s: expected %d paragraphs, found %d, wrong %d" % (base.rsplit("/", 1)[-1], len(exp), found, len(wrong)))
for p in exp:
    if p not in out_p:
        print("  missing: " + p[:100])
for p in wrong:
    print("  wrong: " + p[:100])
if not order:
    print("  paragraphs out of order")
sys.exit(1 if bad or found != len(exp) or wrong or not order else 0)
PY
	then
		t_ok "$(head -n 1 "$T_TMP/cmp")"
	else
		t_bad "$name: $(cat "$T_TMP/cmp")"
	fi
done
# Without --json: title, byline, date and site, then the story at 80
# columns; "-" reads standard input.
t_run extract --url https://wirenews.example/a/1 - <"$DATA/pages/wire.html"
t_expect_rc "plain output from stdin" 0
t_grep "plain: title first" "$T_TMP/out" "^Crews restore power to most homes after Oregon ice storm$"
t_grep "plain: byline" "$T_TMP/out" "^By Sam Ortega$"
t_grep "plain: story wrapped" "$T_TMP/out" "^HARLOW FALLS, Ore\. \(Wire\)"
w=$(wc -L <"$T_TMP/out")
if [ "$w" -le 80 ] && [ "$w" -ge 70 ]; then
	t_ok "plain: wrapped at 80 columns (widest line $w)"
else
	t_bad "plain: widest line is $w columns, want 70-80"
fi

t_run extract "$T_TMP/no-such-page.html"
t_expect_rc "unreadable file" 1
t_grep "unreadable file is named" "$T_TMP/err" "no-such-page\.html: No such file"

# A user rule file removes the photo caption for that host only.
mkdir -p "$XDG_CONFIG_HOME/dateline"
printf '# test rules\nwirenews.example -figcaption\nwirenews.example div..bad\n' \
    >"$XDG_CONFIG_HOME/dateline/extract-rules"
t_run extract --json --url https://www.wirenews.example/a/1 "$DATA/pages/wire.html"
t_expect_rc "with a rules file" 0
if grep -q "A lineman for Cascade Ridge" "$T_TMP/out"; then
	t_bad "rule: the caption is still there"
else
	t_ok "rule: the caption is gone"
fi
t_grep "rule: a bad line is reported with its number" "$T_TMP/err" "extract-rules:3: bad selector"
t_run extract --json --url https://other.example/a/1 "$DATA/pages/wire.html"
t_grep "rule: other hosts keep the caption" "$T_TMP/out" "A lineman for Cascade Ridge"
rm -f "$XDG_CONFIG_HOME/dateline/extract-rules"

[ "$n" -ge 8 ] || t_bad "expected at least 8 page fixtures in $DATA/pages, found $n"
t_done
