#!/usr/bin/env python3
"""gen_feeds_refresh.py: writes the corpus of bench/refresh, many small
news feeds with the items of bench/gen_feed.py.

    gen_feeds_refresh.py --out DIR [--feeds N] [--items N] [--seed N]

Writes DIR/feed-000.xml .. feed-(N-1).xml, even numbers RSS 2.0, odd
numbers Atom 1.0, each with its own title, site and seed (seed + feed
number), so every feed differs and the same arguments give the same bytes.
Items are gen_feed.py's: 1-4 KB of HTML, entities, two date styles,
authors, categories, enclosures on about one in four, Korean/Japanese/
Chinese on about one in six. Guids and links are unique per feed. Prints
the number of files and bytes written on stderr.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_feed  # noqa: E402


def gen_feeds_head(gen, k):
	"""The generator's channel head, renamed to feed k's own site."""
	h = gen.head()
	h = h.replace("Example News", "Example News %d" % k)
	return h.replace("news.example.com", "news%d.example.com" % k)


# Article bodies a little shorter than gen_feed.py's (1-4 KB items, median
# about 2.3 KB), so 200 x 50 items come to about 28 MB as in issue 3.
BODY_SCALE = 0.8


class GenFeedsShorter:
	"""Mixin: scale the HTML body target of gen_feed's item()."""

	def html_body(self, cjk, target):
		return super().html_body(cjk, int(target * BODY_SCALE))


class GenFeedsRss(GenFeedsShorter, gen_feed.RssGen):
	pass


class GenFeedsAtom(GenFeedsShorter, gen_feed.AtomGen):
	pass


def gen_feeds_make(fmt, seed, pools):
	"""A generator seeded for one feed. The English sentence pool is
	built once per format and shared: building it is most of the cost of
	a generator, and 200 of them would take half a minute."""
	cls = GenFeedsRss if fmt == "rss" else GenFeedsAtom
	if fmt not in pools:
		pools[fmt] = cls(fmt, seed).sentences
	gen = cls.__new__(cls)
	gen.fmt = fmt
	gen.rng = gen_feed.Rng(seed)
	gen.sentences = pools[fmt]
	gen.when = 1695361701
	return gen


def gen_feeds_one(path, k, fmt, items, seed, pools):
	gen = gen_feeds_make(fmt, seed, pools)
	out = [gen_feeds_head(gen, k)]
	for n in range(items):
		it = gen.item(k * 100000 + n)
		out.append(it.replace("news.example.com",
		    "news%d.example.com" % k))
	out.append(gen.tail())
	data = "".join(out).encode()
	tmp = path + ".tmp"
	with open(tmp, "wb") as f:
		f.write(data)
	os.replace(tmp, path)
	return len(data)


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	ap.add_argument("--out", required=True)
	ap.add_argument("--feeds", type=int, default=200)
	ap.add_argument("--items", type=int, default=50)
	ap.add_argument("--seed", type=int, default=20231001)
	a = ap.parse_args()
	os.makedirs(a.out, exist_ok=True)
	total = 0
	pools = {}
	for k in range(a.feeds):
		fmt = "rss" if k % 2 == 0 else "atom"
		path = os.path.join(a.out, "feed-%03d.xml" % k)
		total += gen_feeds_one(path, k, fmt, a.items, a.seed + k,
		    pools)
	print("%s: %d feeds x %d items, %d bytes" % (a.out, a.feeds, a.items,
	    total), file=sys.stderr)


if __name__ == "__main__":
	main()
