#!/bin/sh
# banned_calls.sh: keep the calls STYLE.md bans out of the sources.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

banned='\b(strcpy|strcat|sprintf|vsprintf|atoi|atol|strtok|system|popen|gets)[[:space:]]*\('
for f in "$top_srcdir"/src/*.c "$top_srcdir"/src/*/*.c "$top_srcdir"/include/*.h; do
	[ -f "$f" ] || continue
	# Comments may name them; code may not.
	hits=$(sed -e 's://.*$::' -e 's:/\*.*\*/::g' "$f" |
	    grep -nE "$banned" || true)
	if [ -n "$hits" ]; then
		t_bad "${f#$top_srcdir/}: $hits"
	else
		t_ok "${f#$top_srcdir/} has no banned call"
	fi
done
t_done
