#!/bin/sh
# tests/sync_session.sh: an expired tt-rss session makes `dateline sync`
# log in again once, and only once (issue 15). A small fake tt-rss API
# (python3, 127.0.0.1) answers NOT_LOGGED_IN to the first session, or to
# every session; no tt-rss needed.
. "$(dirname "$0")/lib.sh"

cat >"$T_TMP/fake.py" <<'PYEOF'
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
mode, log = sys.argv[1], sys.argv[2]
logins = [0]
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        b = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        op = b.get("op")
        if op == "login":
            logins[0] += 1
            with open(log, "w") as f: f.write("%d\n" % logins[0])
            r = {"status": 0, "content": {"session_id": "s%d" % logins[0]}}
        elif b.get("sid") == "s1" or mode == "always":
            r = {"status": 1, "content": {"error": "NOT_LOGGED_IN"}}
        elif op == "getCategories":
            r = {"status": 0, "content": [{"id": 2, "title": "News"}]}
        elif op == "getFeeds":
            r = {"status": 0, "content": [{"id": 1, "title": "X", "cat_id": 2,
                 "feed_url": "http://127.0.0.1:9/x.xml", "unread": 1}]}
        elif op == "getHeadlines" and b.get("feed_id") == 1 and not b.get("skip"):
            r = {"status": 0, "content": [{"id": 7, "guid": "g7", "title": "Seven",
                 "link": "http://127.0.0.1:9/7", "unread": True, "marked": False,
                 "updated": 1700000000, "feed_id": 1, "content": "<p>7</p>"}]}
        else:
            r = {"status": 0, "content": []}
        out = json.dumps(r).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
s = HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PYEOF

# fake MODE: start the fake API; sets FAKE_PID and the config.
fake() {
	python3 "$T_TMP/fake.py" "$1" "$T_TMP/logins" >"$T_TMP/fport" &
	FAKE_PID=$!
	until [ -s "$T_TMP/fport" ]; do sleep 0.05; done
	mkdir -p "$XDG_CONFIG_HOME/dateline"
	printf 'set sync ttrss\nset sync-url http://127.0.0.1:%s/\nset sync-user u\n' \
	    "$(cat "$T_TMP/fport")" >"$XDG_CONFIG_HOME/dateline/config"
}
T_CLEANUP_HOOK='kill $FAKE_PID 2>/dev/null'
export DATELINE_SYNC_PASSWORD=pw

fake once
t_run sync
t_expect_rc "sync after the session expired once" 0
t_grep "the story came" "$T_TMP/out" 'from the server 1 new story'
t_grep "logged in twice" "$T_TMP/logins" '^2$'
kill "$FAKE_PID"
wait "$FAKE_PID" 2>/dev/null
: >"$T_TMP/fport"

fake always
t_run sync
t_expect_rc "a session that keeps expiring fails" 1
t_grep "says the session expired" "$T_TMP/err" 'the session expired'
t_grep "logged in only twice" "$T_TMP/logins" '^2$'

echo "# $T_PASS passed, $T_FAIL failed"
[ "$T_FAIL" -eq 0 ]
