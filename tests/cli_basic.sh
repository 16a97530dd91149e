#!/bin/sh
# cli_basic.sh: the command line contract: help, version, usage errors.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

t_run --help
t_expect_rc "--help" 0
for cmd in refresh add remove feeds items read mark export-story import \
    export parse extract; do
	t_grep "--help lists $cmd" "$T_TMP/out" "dateline $cmd( |\$)"
done

t_run --version
t_expect_rc "--version" 0
t_grep "--version prints the version" "$T_TMP/out" '^dateline [0-9]+\.[0-9]+'

for cmd in items parse add; do
	t_run "$cmd" --help
	t_expect_rc "$cmd --help" 0
	t_grep "$cmd --help shows its usage" "$T_TMP/out" "^usage: dateline $cmd "
done

t_run frobnicate
t_expect_rc "unknown command" 2
t_grep "unknown command is named" "$T_TMP/err" "unknown command 'frobnicate'"
t_grep "usage hint" "$T_TMP/err" "dateline --help"

t_run --bogus
t_expect_rc "unknown global option" 2
t_grep "unknown option is named" "$T_TMP/err" "unknown option '--bogus'"

t_run parse --bogus x.xml
t_expect_rc "unknown subcommand option" 2
t_grep "subcommand option is named" "$T_TMP/err" "parse: unknown option '--bogus'"

t_run --db
t_expect_rc "global option without value" 2

# The man page documents every command of --help and every setting.
man="$top_srcdir/doc/dateline.1"
"$DATELINE" --help | sed -n 's/^  dateline \([a-z-]*\).*/\1/p' >"$T_TMP/cmds"
[ -s "$T_TMP/cmds" ] || t_bad "no commands read from --help"
while read -r c; do
	m=$(printf '%s' "$c" | sed 's/-/\\\\-/g')
	if grep -q "^\.SS \"dateline $m[ \"]" "$man"; then
		t_ok "man page documents $c"
	else
		t_bad "man page lacks the command $c"
	fi
done <"$T_TMP/cmds"
"$DATELINE" --dump-config | sed -n 's/^set \([a-z-]*\) .*/\1/p' >"$T_TMP/sets"
[ -s "$T_TMP/sets" ] || t_bad "no settings read from --dump-config"
while read -r n; do
	m=$(printf '%s' "$n" | sed 's/-/\\\\-/g')
	if grep -q "^\.BR $m " "$man"; then
		t_ok "man page documents set $n"
	else
		t_bad "man page lacks the setting $n"
	fi
done <"$T_TMP/sets"

t_done
