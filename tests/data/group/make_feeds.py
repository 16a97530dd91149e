#!/usr/bin/env python3
"""make_feeds.py OUT: the feeds of tests/data/group/outlets into OUT.

Each story text (text/NAME.txt, paragraphs split by blank lines) goes
into its outlet's RSS 2.0 feed as content:encoded, with its own
headline (headlines) and the link https://news.example/NAME; a
NAME:summary entry carries only its first paragraph as description,
links to the relative page NAME.html (written into OUT too, the whole
story in an <article>), so that dateline fetches and extracts it. The
copies are published within the hour; follow-ups a day later."""
import html
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def table(name):
    rows = []
    for line in open(os.path.join(HERE, name), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            rows.append(line.split(None, 2 if name == "outlets" else 1))
    return rows


def paras(name):
    t = open(os.path.join(HERE, "text", name + ".txt"), encoding="utf-8")
    return [p.strip() for p in t.read().split("\n\n") if p.strip()]


def item(name, minute, summary_only, heads):
    ps = paras(name)
    day = 3 if "followup" in name else 2
    date = "Tue, %02d Dec 2025 %02d:%02d:00 +0000" % (day, minute // 60,
                                                      minute % 60)
    body = "".join("<p>%s</p>" % html.escape(p, quote=False) for p in ps)
    link = (name + ".html") if summary_only else \
        "https://news.example/" + name
    out = ["<item><title>%s</title>" % html.escape(heads[name]),
           "<link>%s</link><guid>%s</guid>" % (link, name),
           "<pubDate>%s</pubDate>" % date]
    if summary_only:
        out.append("<description>%s</description>" % html.escape(
            "<p>%s</p>" % html.escape(ps[0], quote=False)))
    else:
        out.append("<content:encoded><![CDATA[%s]]></content:encoded>"
                   % body)
    out.append("</item>")
    return "\n".join(out), body


def main():
    out = sys.argv[1]
    heads = {n: h.strip() for n, h in table("headlines")}
    minute = 0
    for row in table("outlets"):
        feed, title, names = row[0], row[1].replace("_", " "), row[2].split()
        items = []
        for n in names:
            name, _, kind = n.partition(":")
            minute += 7
            x, body = item(name, minute, kind == "summary", heads)
            items.append(x)
            if kind == "summary":
                with open(os.path.join(out, name + ".html"), "w",
                          encoding="utf-8") as f:
                    f.write("<!DOCTYPE html><html><head><meta charset="
                            "\"utf-8\"><title>%s</title></head><body>"
                            "<nav><a href=\"/\">Home</a></nav><article>"
                            "<h1>%s</h1>%s</article><footer>Wire Digest"
                            "</footer></body></html>\n"
                            % (html.escape(heads[name]),
                               html.escape(heads[name]), body))
        with open(os.path.join(out, feed), "w", encoding="utf-8") as f:
            f.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss "
                    "version=\"2.0\" xmlns:content=\"http://purl.org/rss/"
                    "1.0/modules/content/\"><channel><title>%s</title>"
                    "<link>https://news.example/</link>\n%s\n</channel>"
                    "</rss>\n" % (title, "\n".join(items)))


main()
