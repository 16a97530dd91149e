#!/bin/sh
# export_out.sh: `dateline export-story -o` writes through what is not a
# regular file and never replaces it (issue 11, finding 3): "-" is
# standard output, a FIFO and a symbolic link (as /dev/stdout is) are
# written through and stay what they were; an existing regular file is
# replaced atomically and keeps its mode.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

WWW="$T_TMP/www"
CONF="$XDG_CONFIG_HOME/dateline"
DATELINE_TIMEOUT_MS=3000
export DATELINE_TIMEOUT_MS

t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_bad "$1: got '$2', wanted '$3'"; fi
}

mkdir -p "$WWW" "$CONF" "$T_TMP/cwd"
cp "$DATA"/read/story-blog.html "$WWW"/
t_httpd_start "$WWW"
sed "s|@BASE@|$B|g" "$DATA/read/feed.xml.in" >"$WWW/feed.xml"
echo "$B/feed.xml" >"$CONF/urls"
t_run refresh
t_expect_rc "refresh" 0
ID=$("$DATELINE" items --json | python3 -c "import json, sys
print([i['id'] for i in json.load(sys.stdin)
       if i['title'] == 'Notes from a night ferry'][0])")
HEAD="# Notes from a night ferry"

# export ARGS...: export-story ID ARGS in $T_TMP/cwd, output in out/err.
export_story() {
	(cd "$T_TMP/cwd" && "$DATELINE" export-story "$ID" "$@" \
		>"$T_TMP/out" 2>"$T_TMP/err")
	T_RC=$?
}

# --- "-o -": standard output, no file named "-" ---
export_story -o -
t_expect_rc "-o -" 0
t_eq "-o - writes the Markdown to stdout" "$(sed -n 1p "$T_TMP/out")" "$HEAD"
[ -e "$T_TMP/cwd/-" ] && t_bad "-o - made a file named -" ||
	t_ok "-o - makes no file"

# --- what stdout is already (/dev/stdout; here a link of ours to
# /proc/self/fd/1, as /dev/stdout is, so that an old binary cannot replace
# the system's) is written as stdout, never reopened: a file stdout
# appends to keeps what it had ---
ln -s /proc/self/fd/1 "$T_TMP/my-stdout"
echo "before" >"$T_TMP/log.md"
(cd "$T_TMP/cwd" && "$DATELINE" export-story "$ID" -o "$T_TMP/my-stdout" \
	>>"$T_TMP/log.md")
t_eq "-o STDOUT appends to a file stdout appends to" \
	"$(sed -n 1p "$T_TMP/log.md") | $(sed -n 2p "$T_TMP/log.md")" \
	"before | $HEAD"
[ -L "$T_TMP/my-stdout" ] && t_ok "the link to stdout is still a link" ||
	t_bad "the link to stdout was replaced"

# --- a FIFO is written through, and stays a FIFO ---
mkfifo "$T_TMP/fifo"
cat "$T_TMP/fifo" >"$T_TMP/from-fifo" &
READER=$!
export_story -o "$T_TMP/fifo"
t_expect_rc "-o FIFO" 0
if [ -p "$T_TMP/fifo" ]; then
	wait "$READER"
else	# replaced: the reader would wait for a writer forever
	kill "$READER"
	wait "$READER" 2>/dev/null
fi
t_eq "the FIFO's reader got the story" "$(sed -n 1p "$T_TMP/from-fifo")" \
	"$HEAD"
[ -p "$T_TMP/fifo" ] && t_ok "the FIFO is still a FIFO" ||
	t_bad "the FIFO was replaced: $(ls -l "$T_TMP/fifo")"
t_eq "nothing printed for a FIFO" "$(cat "$T_TMP/out")" ""

# --- a symbolic link to our stdout, as /dev/stdout is ---
ln -s /proc/self/fd/1 "$T_TMP/stdout-link"
(cd "$T_TMP/cwd" && "$DATELINE" export-story "$ID" -o "$T_TMP/stdout-link" |
	cat >"$T_TMP/piped")
t_eq "a link to stdout writes into the pipe" "$(sed -n 1p "$T_TMP/piped")" \
	"$HEAD"
[ -L "$T_TMP/stdout-link" ] && t_ok "the link is still a link" ||
	t_bad "the link was replaced: $(ls -l "$T_TMP/stdout-link")"

# --- a link to a regular file: the target gets the story ---
echo old >"$T_TMP/target.md"
ln -s "$T_TMP/target.md" "$T_TMP/link.md"
export_story -o "$T_TMP/link.md"
t_expect_rc "-o LINK" 0
[ -L "$T_TMP/link.md" ] && t_ok "a link to a file stays a link" ||
	t_bad "the link to a file was replaced"
t_eq "the link's target holds the story" "$(sed -n 1p "$T_TMP/target.md")" \
	"$HEAD"

# --- an existing regular file: replaced, its mode kept ---
echo old >"$T_TMP/private.md"
chmod 600 "$T_TMP/private.md"
export_story -o "$T_TMP/private.md"
t_expect_rc "-o FILE that exists" 0
t_eq "the file is replaced" "$(sed -n 1p "$T_TMP/private.md")" "$HEAD"
t_eq "the file keeps its mode" "$(stat -c %a "$T_TMP/private.md")" 600
t_eq "its name is printed" "$(cat "$T_TMP/out")" "$T_TMP/private.md"
ls -a "$T_TMP" | grep -q '^\.dateline-tmp' &&
	t_bad "a temporary file was left behind" || t_ok "no temporary file left"

# --- a folder is an error, and stays ---
mkdir "$T_TMP/dir.md"
export_story -o "$T_TMP/dir.md"
t_expect_rc "-o DIRECTORY" 1
t_grep "-o DIRECTORY says why" "$T_TMP/err" 'dir\.md: Is a directory'
[ -d "$T_TMP/dir.md" ] && t_ok "the folder is still there" ||
	t_bad "the folder was replaced"

t_done
