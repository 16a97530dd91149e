#!/usr/bin/env python3
"""gen_feed.py: writes a large, deterministic RSS 2.0 or Atom 1.0 feed that
looks like a real news feed, for bench/parse.

Same arguments, same bytes: the generator uses its own PRNG (splitmix64),
not Python's, so the output does not depend on the Python version.

    gen_feed.py --format rss|atom --size BYTES [--seed N] --out FILE

Items are 1-4 KB: a title (with entities, sometimes CJK), link, guid/id,
RFC 822 or RFC 3339 dates, an author, categories, an HTML summary (escaped
in RSS <description>, type="html" in Atom) and HTML content (CDATA in
<content:encoded>, escaped or CDATA in Atom <content type="html">), an
enclosure on about one item in four. About one item in six is written in
Korean, Japanese or Chinese.
"""

import argparse
import datetime
import os
import sys

MASK = (1 << 64) - 1


class Rng:
	"""splitmix64: tiny, fast enough, and stable across Python versions."""

	def __init__(self, seed):
		self.s = seed & MASK

	def next(self):
		self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
		z = self.s
		z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
		z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
		return z ^ (z >> 31)

	def below(self, n):
		return self.next() % n

	def pick(self, seq):
		return seq[self.next() % len(seq)]

	def chance(self, num, den):
		return self.next() % den < num


WORDS = """
the of and to in a is that for it as was with be by on not he this are or
his from at which but have an they you were her she there been one all we
their has would when if will two more no out so said what up its about into
than them can only other new some could time these may then do first any my
now such like our over man me even most made after also did many before must
through back years where much your way well down should because each just
those people how too little state good very make world still own see men
work long get here between both life being under never day same another know
while last might us great old year off come since against go came right used
take three government minister council election budget report market shares
investors bank rates inflation city police court judge trial officials
health hospital school students university research scientists climate
energy power storm flood weather season team match league coach players
goal final cup record music film festival museum artist book review company
chief executive quarter profit revenue growth workers union strike talks
agreement border security defence army navy president parliament vote
campaign candidate poll survey data technology software network phone
internet privacy regulator fine lawsuit settlement airport flight rail
train bus traffic housing rent prices mortgage tax spending deficit debt
""".split()

NAMES = [
	"Alice Martin", "Bob O'Neill", "Chloé Dubois", "David Kim",
	"Elena Petrova", "Farid Haddad", "Grace Liu", "Hiroshi Tanaka",
	"Ingrid Nilsson", "Jamal Carter", "Kate Brennan", "Luis García",
	"Min-jun Park", "Nora Schmidt", "Olu Adeyemi", "Priya Nair",
]

CATEGORIES = [
	"World", "Politics", "Business", "Economy", "Technology", "Science",
	"Health", "Sport", "Culture", "Opinion", "Asia", "Europe", "Americas",
	"Climate", "Markets", "Arts & Books", "Travel", "Education",
]

CJK_TITLES = [
	"서울 도심에 첫눈… 출근길 교통 혼잡 우려",
	"한국은행, 기준금리 3.5%로 동결 결정",
	"정부, 내년 예산안 656조원 국회 제출",
	"東京株式市場、日経平均が続伸　半導体関連に買い",
	"台風１４号、週末に九州へ接近のおそれ",
	"政府、少子化対策の新たな財源案を提示",
	"上海股市收盘上涨，科技板块领涨",
	"国家统计局：九月份居民消费价格同比持平",
	"北京将新建三条地铁线路，预计2027年通车",
]

CJK_SENTENCES = [
	"기상청은 이번 주말 전국적으로 비가 내릴 것으로 예보했다.",
	"전문가들은 경기 회복세가 내년 상반기까지 이어질 것으로 내다봤다.",
	"시민들은 새로운 정책에 대해 엇갈린 반응을 보였다.",
	"관계자는 \"조속히 대책을 마련하겠다\"고 밝혔다.",
	"専門家は、景気の先行きに慎重な見方を示している。",
	"関係者によると、交渉は来月も続く見通しだという。",
	"市民からは「もっと早く対応してほしかった」との声が上がった。",
	"同社は今期の業績予想を上方修正した。",
	"专家表示，经济复苏势头有望在明年延续。",
	"相关部门表示将尽快出台具体措施。",
	"记者从市交通委获悉，新线路将缓解早高峰拥堵。",
	"该公司第三季度营收同比增长百分之十二。",
]

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
	  "Oct", "Nov", "Dec"]


def xml_escape(s):
	return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_sentences(rng, n):
	"""A pool of English sentences, some with the punctuation that feeds
	carry as entities (curly quotes, dashes, ampersands)."""
	out = []
	for _ in range(n):
		k = 6 + rng.below(18)
		words = [rng.pick(WORDS) for _ in range(k)]
		words[0] = words[0].capitalize()
		s = " ".join(words)
		r = rng.below(10)
		if r == 0:
			s = s.replace(" ", " \u2019", 1)
		elif r == 1:
			s += " \u2014 " + rng.pick(NAMES)
		elif r == 2:
			s = "\u201c" + s + "\u201d"
		elif r == 3:
			s += " & " + rng.pick(WORDS)
		out.append(s + ".")
	return out


class Gen:
	def __init__(self, fmt, seed):
		self.fmt = fmt
		self.rng = Rng(seed)
		self.sentences = make_sentences(self.rng, 3000)
		self.when = 1695361701	# 2023-09-22T05:48:21Z, counts down

	def paragraph(self, cjk):
		rng = self.rng
		pool = CJK_SENTENCES if cjk else self.sentences
		return " ".join(rng.pick(pool) for _ in range(2 + rng.below(5)))

	def html_body(self, cjk, target):
		"""HTML the way CMSs write it: paragraphs, links, emphasis, an
		image, HTML entities such as &nbsp; and &#8217;."""
		rng = self.rng
		parts = []
		size = 0
		while size < target:
			p = xml_escape(self.paragraph(cjk))
			p = p.replace("\u2019", "&#8217;", 1)
			r = rng.below(8)
			if r == 0:
				p = "<strong>%s</strong>&nbsp;%s" % (
				    rng.pick(NAMES), p)
			elif r == 1:
				p += (' <a href="https://news.example.com/'
				      'topic/%d?ref=feed&amp;src=rss">%s</a>' % (
				      rng.below(10000), rng.pick(WORDS)))
			elif r == 2:
				p = ('<img src="https://img.example.com/%d.jpg"'
				     ' alt="%s" width="640" height="360" />'
				     '<em>%s</em>' % (rng.below(100000),
				     rng.pick(WORDS), p))
			parts.append("<p>" + p + "</p>")
			size += len(parts[-1].encode())
		return "\n".join(parts)

	def title(self, cjk):
		rng = self.rng
		if cjk:
			return rng.pick(CJK_TITLES)
		s = " ".join(rng.pick(WORDS) for _ in range(5 + rng.below(8)))
		s = s.capitalize()
		r = rng.below(6)
		if r == 0:
			s = s.replace(" ", "\u2019s ", 1)
		elif r == 1:
			s = '"%s" %s' % (rng.pick(NAMES), s)
		elif r == 2:
			s += " & " + rng.pick(WORDS)
		return s

	def tick(self):
		self.when -= 60 + self.rng.below(3600)
		return datetime.datetime.fromtimestamp(self.when,
		    datetime.timezone.utc)

	def rfc822(self, t):
		zones = [("+0000", 0), ("GMT", 0), ("-0400", -4), ("+0900", 9)]
		name, h = self.rng.pick(zones)
		t = t + datetime.timedelta(hours=h)
		return "%s, %02d %s %d %02d:%02d:%02d %s" % (
		    WEEKDAYS[t.weekday()], t.day, MONTHS[t.month - 1], t.year,
		    t.hour, t.minute, t.second, name)

	def rfc3339(self, t):
		if self.rng.chance(1, 2):
			return t.strftime("%Y-%m-%dT%H:%M:%SZ")
		t = t + datetime.timedelta(hours=9)
		return t.strftime("%Y-%m-%dT%H:%M:%S+09:00")

	def title_text(self, s):
		"""Title text with the entities feeds use for punctuation."""
		s = xml_escape(s).replace('"', "&quot;")
		return s.replace("\u2019", "&#8217;")


class RssGen(Gen):
	def head(self):
		return ('<?xml version="1.0" encoding="UTF-8"?>\n'
		    '<rss version="2.0" '
		    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
		    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
		    'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
		    '<title>Example News &#8211; Top Stories</title>\n'
		    '<link>https://news.example.com/</link>\n'
		    '<atom:link href="https://news.example.com/rss.xml" '
		    'rel="self" type="application/rss+xml"/>\n'
		    '<description>Breaking news &amp; analysis</description>\n'
		    '<language>en-gb</language>\n'
		    '<lastBuildDate>Fri, 22 Sep 2023 06:00:00 GMT'
		    '</lastBuildDate>\n')

	def tail(self):
		return "</channel>\n</rss>\n"

	def item(self, n):
		rng = self.rng
		cjk = rng.chance(1, 6)
		target = 600 + rng.below(2800)
		slug = "story-%d" % n
		out = ["<item>\n<title>%s</title>\n" % self.title_text(
		    self.title(cjk))]
		out.append("<link>https://news.example.com/2023/%s?utm_source=rss"
		    "&amp;utm_medium=feed</link>\n" % slug)
		if rng.chance(1, 2):
			out.append('<guid isPermaLink="false">tag:news.example.com,'
			    '2023:%d</guid>\n' % n)
		else:
			out.append("<guid>https://news.example.com/2023/%s</guid>\n"
			    % slug)
		out.append("<pubDate>%s</pubDate>\n" % self.rfc822(self.tick()))
		out.append("<dc:creator>%s</dc:creator>\n" %
		    xml_escape(rng.pick(NAMES)))
		for _ in range(1 + rng.below(3)):
			out.append("<category>%s</category>\n" %
			    xml_escape(rng.pick(CATEGORIES)))
		summary = "<p>%s</p>" % xml_escape(self.paragraph(cjk))
		summary = summary.replace("\u2019", "&#8217;")
		if rng.chance(1, 5):
			out.append("<description><![CDATA[%s]]></description>\n" %
			    summary)
		else:
			out.append("<description>%s</description>\n" %
			    xml_escape(summary))
		out.append("<content:encoded><![CDATA[%s]]></content:encoded>\n"
		    % self.html_body(cjk, target))
		if rng.chance(1, 4):
			out.append('<enclosure url="https://cdn.example.com/media/'
			    '%d.mp3" length="%d" type="audio/mpeg"/>\n' % (
			    n, 100000 + rng.below(50000000)))
		out.append("</item>\n")
		return "".join(out)


class AtomGen(Gen):
	def head(self):
		return ('<?xml version="1.0" encoding="utf-8"?>\n'
		    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
		    '<title type="text">Example News &#8211; Top Stories</title>\n'
		    '<subtitle>Breaking news &amp; analysis</subtitle>\n'
		    '<link rel="alternate" type="text/html" '
		    'href="https://news.example.com/"/>\n'
		    '<link rel="self" href="https://news.example.com/atom.xml"/>\n'
		    '<id>tag:news.example.com,2023:feed</id>\n'
		    '<updated>2023-09-22T06:00:00Z</updated>\n')

	def tail(self):
		return "</feed>\n"

	def item(self, n):
		rng = self.rng
		cjk = rng.chance(1, 6)
		target = 600 + rng.below(2800)
		slug = "story-%d" % n
		t = self.tick()
		out = ['<entry>\n<title type="html">%s</title>\n' %
		    self.title_text(self.title(cjk))]
		out.append('<link rel="alternate" type="text/html" '
		    'href="https://news.example.com/2023/%s?utm_source=atom'
		    '&amp;utm_medium=feed"/>\n' % slug)
		out.append("<id>tag:news.example.com,2023:%d</id>\n" % n)
		out.append("<published>%s</published>\n" % self.rfc3339(t))
		t = t + datetime.timedelta(seconds=rng.below(7200))
		out.append("<updated>%s</updated>\n" % self.rfc3339(t))
		out.append("<author><name>%s</name>"
		    "<email>desk@news.example.com</email></author>\n" %
		    xml_escape(rng.pick(NAMES)))
		for _ in range(1 + rng.below(3)):
			c = xml_escape(rng.pick(CATEGORIES)).replace('"', "&quot;")
			out.append('<category term="%s" label="%s"/>\n' % (
			    c.lower().replace(" ", "-"), c))
		summary = "<p>%s</p>" % xml_escape(self.paragraph(cjk))
		summary = summary.replace("\u2019", "&#8217;")
		out.append('<summary type="html">%s</summary>\n' %
		    xml_escape(summary))
		body = self.html_body(cjk, target)
		if rng.chance(1, 3):
			out.append('<content type="html"><![CDATA[%s]]></content>\n'
			    % body)
		else:
			out.append('<content type="html">%s</content>\n' %
			    xml_escape(body))
		if rng.chance(1, 4):
			out.append('<link rel="enclosure" type="image/jpeg" '
			    'length="%d" href="https://cdn.example.com/img/%d.jpg"/>'
			    '\n' % (20000 + rng.below(2000000), n))
		out.append("</entry>\n")
		return "".join(out)


def generate(fmt, size, seed, path):
	gen = RssGen(fmt, seed) if fmt == "rss" else AtomGen(fmt, seed)
	tail = gen.tail().encode()
	tmp = path + ".tmp"
	with open(tmp, "wb") as f:
		head = gen.head().encode()
		f.write(head)
		written = len(head)
		n = 0
		chunk = []
		while written + len(tail) < size:
			b = gen.item(n).encode()
			chunk.append(b)
			written += len(b)
			n += 1
			if len(chunk) >= 256:
				f.write(b"".join(chunk))
				chunk = []
		f.write(b"".join(chunk))
		f.write(tail)
	os.replace(tmp, path)
	return n


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	ap.add_argument("--format", choices=["rss", "atom"], required=True)
	ap.add_argument("--size", type=int, required=True,
	    help="stop adding items once the file reaches this many bytes")
	ap.add_argument("--seed", type=int, default=20230922)
	ap.add_argument("--out", required=True)
	a = ap.parse_args()
	n = generate(a.format, a.size, a.seed, a.out)
	print("%s: %d items, %d bytes" % (a.out, n, os.path.getsize(a.out)),
	    file=sys.stderr)


if __name__ == "__main__":
	main()
