#!/usr/bin/env python3
"""ttrss_api.py: one call to a Tiny Tiny RSS JSON API, for the sync tests.

    ttrss_api.py API_URL USER PASSWORD OP [KEY=VALUE...]

Logs in, calls OP with the fields (a VALUE that parses as JSON is sent as
that value, else as a string) and prints the answer's "content" as JSON on
one line. Exits 1 when tt-rss answers with an error (printed). Python 3
standard library only; loopback only (the tests' own server)."""
import json
import sys
import urllib.request

UA = "dateline-tests"


def call(api, body):
    req = urllib.request.Request(api, data=json.dumps(body).encode(),
                                 headers={"User-Agent": UA,
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read().decode())


def main():
    api, user, pw, op = sys.argv[1:5]
    ans = call(api, {"op": "login", "user": user, "password": pw})
    if ans.get("status") != 0:
        print(json.dumps(ans["content"]))
        return 1
    body = {"op": op, "sid": ans["content"]["session_id"]}
    for kv in sys.argv[5:]:
        k, v = kv.split("=", 1)
        try:
            body[k] = json.loads(v)
        except ValueError:
            body[k] = v
    ans = call(api, body)
    print(json.dumps(ans.get("content")))
    return 0 if ans.get("status") == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
