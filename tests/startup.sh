#!/bin/sh
# startup.sh: what a run loads. libcurl, and the 30-odd libraries it
# brings, load only when a command needs them (src/dl_curl.c): parsing a
# feed whose links are absolute never loads it, resolving a relative link
# does. And GnuTLS, loaded with libcurl's libraries, does not set itself
# up at load time: the program's _gnutls_global_init_skip (src/main.c) is
# the one the library calls (0.65 MB of peak RSS).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# Only where the dynamic linker can tell.
if ! LD_DEBUG=files "$DATELINE" --version 2>&1 >/dev/null |
    grep -q 'file='; then
	echo "LD_DEBUG not supported: skip"
	exit 77
fi

printf '<rss version="2.0"><channel><title>t</title><item><title>a</title><link>%s</link></item></channel></rss>\n' \
    "https://news.example/story/1" >"$T_TMP/abs.xml"
printf '<rss version="2.0"><channel><title>t</title><item><title>a</title><link>%s</link></item></channel></rss>\n' \
    "/story/1" >"$T_TMP/rel.xml"

LD_DEBUG=files "$DATELINE" parse "$T_TMP/abs.xml" >"$T_TMP/out" \
    2>"$T_TMP/err"
T_RC=$?
t_expect_rc "parse, absolute links" 0
if grep -q "file=libcurl" "$T_TMP/err"; then
	t_bad "parse of absolute links loads libcurl: $(grep -m1 \
	    'file=libcurl' "$T_TMP/err")"
else
	t_ok "parse of absolute links does not load libcurl"
fi

LD_DEBUG=files "$DATELINE" parse --url https://news.example/ \
    "$T_TMP/rel.xml" >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?
t_expect_rc "parse, a relative link" 0
t_grep "a relative link loads libcurl" "$T_TMP/err" \
    "file=libcurl[^ ]* .*dynamically loaded by"
t_grep "and is resolved with it" "$T_TMP/out" \
    '"link": "https://news.example/story/1"'

if grep -q "file=libgnutls" "$T_TMP/err"; then
	LD_DEBUG=bindings "$DATELINE" parse --url https://news.example/ \
	    "$T_TMP/rel.xml" >"$T_TMP/out" 2>"$T_TMP/err"
	grep _gnutls_global_init_skip "$T_TMP/err" >"$T_TMP/bind"
	t_grep "GnuTLS calls the program's init hook" "$T_TMP/bind" \
	    "libgnutls[^ ]* \[0\] to [^ ]*dateline \[0\]"
fi
t_done
