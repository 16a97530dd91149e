#!/bin/sh
# startup.sh: GnuTLS, loaded with libcurl's libraries, does not set itself
# up at load time: the program's _gnutls_global_init_skip (src/main.c)
# is the one the library calls (0.65 MB of peak RSS for every run).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# Only where the dynamic linker can tell, and GnuTLS is loaded at all.
if ! LD_TRACE_LOADED_OBJECTS=1 "$DATELINE" 2>/dev/null | grep -q gnutls; then
	echo "GnuTLS not loaded: skip"
	exit 77
fi
LD_DEBUG=bindings "$DATELINE" --version >"$T_TMP/out" 2>"$T_TMP/err"
T_RC=$?
t_expect_rc "--version" 0
grep _gnutls_global_init_skip "$T_TMP/err" >"$T_TMP/bind"
t_grep "GnuTLS calls the program's init hook" "$T_TMP/bind" \
    "libgnutls[^ ]* \[0\] to [^ ]*dateline \[0\]"
t_done
