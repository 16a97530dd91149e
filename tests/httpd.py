#!/usr/bin/env python3
"""httpd.py: the local HTTP/1.1 server the dateline tests and benchmarks use.

Python 3 standard library only. It listens on loopback addresses only, on
one ephemeral port, and prints "PORT <n>" as its first line on stdout
(flushed) so a test can read it.

    httpd.py [--root DIR] [--bind ADDR]... [--delay-ms N] [--log FILE]
             [--max-seconds N] [--exit-on-eof]

  --root DIR       files to serve (default: tests/data next to this script)
  --bind ADDR      a loopback address to listen on (127.0.0.0/8 or ::1);
                   repeatable. Every address listens on the same port, so
                   http://127.0.0.5:PORT/ works for each of them.
                   Default 127.0.0.1.
  --delay-ms N     wait N ms before every response (a far-away server)
  --log FILE       append one line per request:
                   "METHOD PATH STATUS BYTES ADDR" (PATH with its query,
                   BYTES of body sent after compression, ADDR the server
                   address the request came in on). A line is written
                   just after its response is sent.
  --max-seconds N  exit after N seconds (default 600)
  --exit-on-eof    exit when stdin reaches end of file (the parent closed
                   its end of a pipe)
  --workers N      N processes (default 1), for benchmarks: Python answers
                   one request at a time per process. Listening addresses
                   are shared out among them (all of them share each one
                   when there are fewer addresses than workers). The log
                   is shared; /_stats and /changing.xml are per process.
The server also exits when its parent process dies.

What a path serves
------------------
  /NAME            the file ROOT/NAME, with a strong ETag (a hash of the
                   contents) and Last-Modified (its mtime). If-None-Match
                   (first) or If-Modified-Since give 304 Not Modified.
                   Content-Type from the extension (.xml application/xml,
                   .rss application/rss+xml, .atom application/atom+xml,
                   .json application/json, .html text/html, .txt
                   text/plain), without a charset unless asked for.
  /NAME            when ROOT/NAME does not exist but ROOT/NAME.http does:
                   a declared response (curl's tests/data style):
                       HTTP/1.1 301 Moved Permanently
                       Location: /http/feed.xml
                       Other-Header: value
                       <blank line>
                       body bytes, sent exactly as written
                   Content-Length is added unless declared. A declared
                   ETag or Last-Modified is honoured for 304s. Header
                   lines starting with "X-Httpd-" are directives, not sent:
                   X-Httpd-Delay-Ms: N, X-Httpd-Trickle-Ms: N,
                   X-Httpd-Gzip: 1 (same meaning as the query parameters).
  anything else    404 Not Found.

Query parameters (on any path)
  delay=MS         wait MS ms before answering
  gzip=1           gzip the body even if the client did not ask; without
                   it a body is gzipped when Accept-Encoding allows gzip
  trickle=MS       send the body one byte every MS ms
  charset=CS       add "; charset=CS" to the Content-Type
  ctype=TYPE       replace the Content-Type

Special paths (requests to /_* are not counted in /_stats)
  /changing.xml    an RSS feed at version V (starting at 1) holding items
                   1..V; item 1's description names the version. V goes
                   up by one after every GET, so two fetches differ. Its
                   ETag is "changing-V", honoured for 304.
  /big?bytes=N     N bytes (default 32 MiB) of filler streamed with
                   chunked encoding and no Content-Length, never held in
                   memory; length=1 declares a Content-Length instead;
                   gzip=1 compresses it on the fly (a tiny download that
                   inflates to N bytes).
  /hugeheader?bytes=N  a 200 whose one header line "X-Huge: aaa..." is N
                   bytes long (default 2 MiB), then a small RSS body.
  /redirect?code=C&to=URL   a C (default 302) redirect to URL, which may
                   be relative or any scheme (file:///etc/passwd).
  /_stats          JSON: {"requests", "bytes", "inflight", "inflight_max",
                   "conns", "conns_max", "changing"}; inflight_max is the
                   most requests being answered at once, conns_max the
                   most connections open at once.
  /_reset          zero the counters (keeps "changing").
  /_headers        the request's header lines as text/plain, as received
                   (to check what a client sends).
  /_set?changing=V set the version of /changing.xml.
"""

import argparse
import email.utils
import gzip
import hashlib
import ipaddress
import json
import os
import socket
import socketserver
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".json": "application/json",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}

FILLER = (b"<!-- filler filler filler filler filler filler filler -->\n"
          * 1024)


class State:
    """Counters and settings shared by every handler thread."""

    def __init__(self, root, delay_ms, log_path):
        self.root = os.path.realpath(root)
        self.delay_ms = delay_ms
        self.lock = threading.Lock()
        self.log = open(log_path, "a", encoding="utf-8") if log_path else None
        self.cache = {}
        self.zcache = {}
        self.changing = 1
        self.conns = 0
        self.epoch = 0
        self.reset()

    def reset(self):
        """Zero the counters; open connections stay counted. A request
        still being answered from before (a trickle the client gave up
        on) is no longer counted: it would take inflight below zero
        when it ends, and hide a request of the next test."""
        self.epoch += 1
        self.requests = 0
        self.bytes = 0
        self.inflight = 0
        self.inflight_max = 0
        self.conns_max = self.conns

    def stats(self):
        return {"requests": self.requests, "bytes": self.bytes,
                "inflight": self.inflight, "inflight_max": self.inflight_max,
                "conns": self.conns, "conns_max": self.conns_max,
                "changing": self.changing}

    def gzip(self, body):
        """Compressed bodies are kept: a benchmark must not measure us."""
        key = hashlib.sha256(body).digest()
        with self.lock:
            hit = self.zcache.get(key)
        if hit is None:
            hit = gzip.compress(body, 6, mtime=0)
            with self.lock:
                self.zcache[key] = hit
        return hit

    def read_file(self, path):
        """Contents and ETag of a file, cached while its mtime holds."""
        st = os.stat(path)
        key = (path, st.st_mtime_ns, st.st_size)
        with self.lock:
            hit = self.cache.get(key)
        if hit is not None:
            return hit + (st.st_mtime,)
        with open(path, "rb") as fp:
            data = fp.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:20]
        with self.lock:
            self.cache[key] = (data, etag)
        return data, etag, st.st_mtime


def parse_fixture(raw):
    """Split a NAME.http fixture into (code, reason, headers, body)."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        cut = raw.find(sep)
        if cut >= 0:
            head, body = raw[:cut], raw[cut + len(sep):]
            break
    else:
        head, body = raw, b""
    lines = head.decode("latin-1").splitlines()
    parts = lines[0].split(None, 2)
    code = int(parts[1])
    reason = parts[2] if len(parts) > 2 else ""
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return code, reason, headers, body


def etag_matches(inm, etag):
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2)."""
    if inm.strip() == "*":
        return True
    want = etag[2:] if etag.startswith("W/") else etag
    for tag in inm.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == want:
            return True
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dateline-test-httpd"
    sys_version = ""
    timeout = 120

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        st = self.server.state
        with st.lock:
            st.conns += 1
            st.conns_max = max(st.conns_max, st.conns)

    def finish(self):
        st = self.server.state
        with st.lock:
            st.conns -= 1
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self.handle_any(head=True)

    def do_GET(self):
        self.handle_any(head=False)

    def handle_any(self, head):
        st = self.server.state
        url = urllib.parse.urlsplit(self.path)
        self.query = dict(urllib.parse.parse_qsl(url.query))
        self.head = head
        self.sent = 0
        self.status = 0
        counted = not url.path.startswith("/_")
        if counted:
            with st.lock:
                epoch = st.epoch
                st.requests += 1
                st.inflight += 1
                st.inflight_max = max(st.inflight_max, st.inflight)
        try:
            delay = st.delay_ms + int(self.query.get("delay", "0"))
            if delay > 0:
                time.sleep(delay / 1000)
            self.route(url.path)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with st.lock:
                if counted and epoch == st.epoch:
                    st.inflight -= 1
                    st.bytes += self.sent
                if st.log:
                    st.log.write("%s %s %d %d %s\n" % (
                        self.command, self.path, self.status, self.sent,
                        self.connection.getsockname()[0]))
                    st.log.flush()

    def route(self, path):
        st = self.server.state
        if path == "/_stats":
            with st.lock:
                body = json.dumps(st.stats()).encode()
            return self.reply(200, "OK", [("Content-Type",
                                          "application/json")], body)
        if path == "/_reset":
            with st.lock:
                st.reset()
            return self.reply(200, "OK", [], b"reset\n")
        if path == "/_headers":
            return self.reply(200, "OK", [("Content-Type", "text/plain")],
                              bytes(self.headers))
        if path == "/_set":
            with st.lock:
                if "changing" in self.query:
                    st.changing = int(self.query["changing"])
            return self.reply(200, "OK", [], b"set\n")
        if path == "/changing.xml":
            return self.changing()
        if path == "/big":
            return self.big()
        if path == "/hugeheader":
            n = int(self.query.get("bytes", str(2 * 1024 * 1024)))
            return self.reply(200, "OK", [
                ("Content-Type", "application/rss+xml"),
                ("X-Huge", "a" * max(0, n - len("X-Huge: \r\n")))],
                b'<rss version="2.0"><channel><title>h</title>'
                b'</channel></rss>\n')
        if path == "/redirect":
            code = int(self.query.get("code", "302"))
            return self.reply(code, "Redirect",
                              [("Location", self.query.get("to", "/"))],
                              b"redirect\n")
        return self.serve_path(path)

    def serve_path(self, path):
        st = self.server.state
        rel = urllib.parse.unquote(path).lstrip("/")
        full = os.path.realpath(os.path.join(st.root, rel))
        if full != st.root and not full.startswith(st.root + os.sep):
            return self.reply(403, "Forbidden", [], b"forbidden\n")
        if os.path.isfile(full):
            data, etag, mtime = st.read_file(full)
            ctype = TYPES.get(os.path.splitext(full)[1], "application/"
                              "octet-stream")
            headers = [("Content-Type", ctype), ("ETag", etag),
                       ("Last-Modified",
                        email.utils.formatdate(mtime, usegmt=True))]
            return self.reply(200, "OK", headers, data, mtime=int(mtime))
        if os.path.isfile(full + ".http"):
            data, _, _ = st.read_file(full + ".http")
            code, reason, headers, body = parse_fixture(data)
            return self.reply(code, reason, headers, body)
        return self.reply(404, "Not Found", [("Content-Type", "text/plain")],
                          b"not found\n")

    def changing(self):
        st = self.server.state
        with st.lock:
            v = st.changing
            st.changing += 1
        items = []
        for i in range(v, 0, -1):
            desc = "Story %d" % i
            if i == 1:
                desc += ", revision %d" % v
            items.append(
                "<item><title>Story %d</title><guid>changing-%d</guid>"
                "<description>%s</description>"
                "<pubDate>%s</pubDate></item>" % (
                    i, i, desc,
                    email.utils.formatdate(1695358800 + 60 * i,
                                           usegmt=True)))
        body = ('<?xml version="1.0" encoding="utf-8"?>\n'
                '<rss version="2.0"><channel><title>Changing</title>'
                '<link>http://127.0.0.1/</link><description>v%d'
                '</description>%s</channel></rss>\n' % (v, "".join(items)))
        return self.reply(200, "OK", [("Content-Type", "application/rss+xml"),
                                      ("ETag", '"changing-%d"' % v)],
                          body.encode())

    def big(self):
        total = int(self.query.get("bytes", str(32 * 1024 * 1024)))
        zip_it = self.query.get("gzip") == "1"
        self.status = 200
        self.send_response_only(200, "OK")
        self.send_header("Content-Type", "application/xml")
        if zip_it:
            self.send_header("Content-Encoding", "gzip")
        if self.query.get("length") == "1" and not zip_it:
            self.send_header("Content-Length", str(total))
            chunked = False
        else:
            self.send_header("Transfer-Encoding", "chunked")
            chunked = True
        self.end_headers()
        if self.head:
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
            return
        z = zlib.compressobj(6, zlib.DEFLATED, 31) if zip_it else None
        left = total
        while left > 0:
            piece = FILLER[:min(left, len(FILLER))]
            left -= len(piece)
            out = z.compress(piece) if z else piece
            if z and left == 0:
                out += z.flush()
            self.write_body(out, chunked)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def write_body(self, data, chunked):
        if not data:
            return
        if chunked:
            self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")
        else:
            self.wfile.write(data)
        self.sent += len(data)

    def not_modified(self, headers, mtime):
        etag = next((v for n, v in headers if n.lower() == "etag"), None)
        lm = next((v for n, v in headers if n.lower() == "last-modified"),
                  None)
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag is not None and etag_matches(inm, etag)
        ims = self.headers.get("If-Modified-Since")
        if ims is None or (lm is None and mtime is None):
            return False
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
            if mtime is None:
                mtime = email.utils.parsedate_to_datetime(lm).timestamp()
        except (TypeError, ValueError):
            return False
        return mtime <= since

    def wants_gzip(self):
        if self.query.get("gzip") == "1":
            return True
        for part in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = part.strip().partition(";")
            if name.strip().lower() in ("gzip", "x-gzip", "*"):
                return params.replace(" ", "") not in ("q=0", "q=0.0",
                                                       "q=0.00", "q=0.000")
        return False

    def reply(self, code, reason, headers, body, mtime=None):
        directives = {n.lower(): v for n, v in headers
                      if n.lower().startswith("x-httpd-")}
        headers = [(n, v) for n, v in headers
                   if not n.lower().startswith("x-httpd-")]
        if "x-httpd-delay-ms" in directives:
            time.sleep(int(directives["x-httpd-delay-ms"]) / 1000)
        if directives.get("x-httpd-gzip") == "1":
            self.query["gzip"] = "1"
        trickle = int(self.query.get(
            "trickle", directives.get("x-httpd-trickle-ms", "0")))
        if code == 200 and self.not_modified(headers, mtime):
            code, reason, body = 304, "Not Modified", b""
            headers = [(n, v) for n, v in headers
                       if n.lower() in ("etag", "last-modified", "vary")]
        headers = self.adjust_type(headers)
        if body and code != 304 and self.wants_gzip() and not any(
                n.lower() == "content-encoding" for n, v in headers):
            body = self.server.state.gzip(body)
            headers += [("Content-Encoding", "gzip"),
                        ("Vary", "Accept-Encoding")]
        if code != 304 and not any(n.lower() in ("content-length",
                                                 "transfer-encoding")
                                   for n, v in headers):
            headers.append(("Content-Length", str(len(body))))
        self.status = code
        self.send_response_only(code, reason)
        self.send_header("Date", self.date_time_string())
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.head or code == 304:
            return
        if trickle > 0:
            for i in range(len(body)):
                self.write_body(body[i:i + 1], False)
                time.sleep(trickle / 1000)
        else:
            self.write_body(body, False)

    def adjust_type(self, headers):
        if "ctype" not in self.query and "charset" not in self.query:
            return headers
        ctype = next((v for n, v in headers if n.lower() == "content-type"),
                     "application/octet-stream")
        ctype = self.query.get("ctype", ctype)
        if "charset" in self.query:
            ctype += "; charset=" + self.query["charset"]
        return [(n, v) for n, v in headers
                if n.lower() != "content-type"] + [("Content-Type", ctype)]


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, addr, state):
        ip = ipaddress.ip_address(addr[0])
        self.address_family = (socket.AF_INET6 if ip.version == 6
                               else socket.AF_INET)
        self.state = state
        super().__init__(addr, Handler)

    def server_bind(self):
        """HTTPServer's own would look the name up (slow without DNS)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        """A client hanging up is normal here (aborts, timeouts)."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def loopback(text):
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%s is not an IP address" % text)
    if not ip.is_loopback:
        raise argparse.ArgumentTypeError("%s is not a loopback address"
                                         % text)
    return text


def bind_all(addrs, state):
    """Listen on every address with one port, retrying on a clash."""
    last = None
    for _ in range(50):
        servers = []
        try:
            servers.append(Server((addrs[0], 0), state))
            port = servers[0].server_address[1]
            for a in addrs[1:]:
                servers.append(Server((a, port), state))
            return port, servers
        except OSError as e:
            last = e
            for s in servers:
                s.server_close()
    sys.exit("httpd.py: cannot bind: %s" % last)


def watch(max_seconds, exit_on_eof):
    """Exit when the parent dies, stdin closes or time runs out."""
    parent = os.getppid()
    if exit_on_eof:
        def eof():
            while sys.stdin.buffer.read(4096):
                pass
            os._exit(0)
        threading.Thread(target=eof, daemon=True).start()
    end = time.monotonic() + max_seconds
    while time.monotonic() < end and os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="dateline test HTTP server")
    ap.add_argument("--root", default=os.path.join(here, "data"))
    ap.add_argument("--bind", action="append", type=loopback)
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--log")
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--exit-on-eof", action="store_true")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    state = State(args.root, args.delay_ms, args.log)
    port, servers = bind_all(args.bind or ["127.0.0.1"], state)
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()
    me = 0
    for k in range(1, args.workers):
        if os.fork() == 0:
            me = k
            state.log = (open(args.log, "a", encoding="utf-8")
                         if args.log else None)
            break
    for i, s in enumerate(servers):
        if len(servers) < args.workers or i % args.workers == me:
            threading.Thread(target=s.serve_forever, daemon=True).start()
    watch(args.max_seconds, args.exit_on_eof and me == 0)


if __name__ == "__main__":
    main()
