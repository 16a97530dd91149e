#!/bin/sh
# tui_everyday.sh: the reader refreshes with the options the commands
# use (settings_refresh_opts): max-download-size in the config file
# applies in the reader too, as `dateline refresh` applies it.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-everyday
. "$top_srcdir/tests/tui_lib.sh"

start() { tui_start 120 40 0; }

# A feed of about 6 KB, over a 1 KB cap.
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<rss version="2.0"><channel><title>Big Feed</title>'
	i=0
	while [ $i -lt 40 ]; do
		echo "<item><guid>s$i</guid><title>Story $i</title>"
		echo "<description>Some words of story $i.</description></item>"
		i=$((i + 1))
	done
	echo '</channel></rss>'
} >"$WWW/big.xml"
t_httpd_start "$WWW"
echo "$B/big.xml" >"$CONF/urls"
printf 'set refresh-on-start yes\nset max-download-size 1K\n' >"$CONF/config"

t_run refresh
t_grep "refresh: the cap applies" "$T_TMP/err" "too large"
rm -rf "$XDG_DATA_HOME/dateline"
start
wait_for 'All stories' || t_bad "the reader did not start"
# The refresh at start is over when the status line says so.
wait_for 'refreshed|failed|error' 10
sleep 0.5
keys E
check "reader: the cap applies too" "big.xml: .*too large"
keys Q
t_done
