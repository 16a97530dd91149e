#!/bin/sh
# tui_config.sh: configuration mistakes are shown in the reader, not
# ignored: at start on the message line, and each one on the errors
# screen (E), beside the feeds that failed.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

TUI_NAME=dateline-config
. "$top_srcdir/tests/tui_lib.sh"

start() { tui_start 120 40 0; }

cat >"$WWW/feed.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Quiet Feed</title>
<item><guid>q1</guid><title>A quiet story</title></item>
</channel></rss>
XML
t_httpd_start "$WWW"
echo "$B/feed.xml" >"$CONF/urls"
t_run refresh
t_expect_rc "refresh of a good feed" 0

# The line is cut to the screen's width, the problem's path with it.
# One mistake: named on the message line at start (no refresh at start
# here: its own message would follow; that one is checked at the end).
printf 'set no-such-setting 3\nset refresh-on-start no\n' >"$CONF/config"
start
check "one mistake is named at start" \
	"config:1: unknown setting 'no-such-setting'"
keys E
check "the errors screen lists it" "config: .*config:1: .*no-such-setting"
check "and says the feeds are fine" "no feed failed at its last refresh"
keys Q

# Three: counted at start, each listed by E.
printf 'set no-such-setting 3\nset max-items lots\nbind x no-such-action\n%s\n' \
	'set refresh-on-start no' >"$CONF/config"
start
check "mistakes are counted at start" \
	"config: 3 mistakes \(E lists them\), first: /"
keys E
check "an unknown setting is listed" "config: .*:1: .*no-such-setting"
check "a bad value is listed" "config: .*:2: .*max-items"
check "an unknown bind action is listed" "config: .*:3: .*no-such-action"
check "the title counts the feeds and says there are mistakes" \
	"Errors . 0 feeds failed . config mistakes"
keys Q

# A refresh's message keeps saying there are mistakes.
printf 'set no-such-setting 3\n' >"$CONF/config"
start
check "the refresh at start still says so" \
	"refreshed 1 feed: .*config mistakes \(E lists them\)"
keys Q

# None: nothing said, nothing listed.
printf 'set max-items 50\n' >"$CONF/config"
start
wait_for "Quiet Feed" || t_bad "the reader did not start"
absent "no config message without mistakes" "config:"
keys E
wait_for "no feed failed" || t_bad "no errors screen"
absent "no config line on the errors screen" "config:"
keys Q
t_done
