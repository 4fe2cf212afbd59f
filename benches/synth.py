#!/usr/bin/env python3
"""Synthetic sites for the build benchmark (docs/PERFORMANCE.md, benches/compare).

    benches/synth.py --events N --out DIR [--hugo DIR] [--zola DIR] [--seed S] [--repo DIR]
                     [--shape default|hubs|rich|long|small]

--out   receives a copy of the repo's site (content/ and themes/) plus N synthetic
        timeline events in content/timeline/, with relations to the real norms, regions,
        reports and processes.
--hugo  receives the same N Markdown bodies as a Hugo site: content/events/*.md (title,
        date, description, tags = norm ids + region ids), hugo.toml and layouts equivalent
        in spirit to our theme (baseof, single with related links and prev/next, list,
        taxonomy and term pages).
--zola  the same as a Zola site: content/events/*.md with TOML front matter, config.toml and
        templates matching the Hugo layouts (page, section, taxonomy list and term; the
        home page without counts, see ZOLA_TEMPLATES).

Standard library only. Deterministic: event i depends only on (seed, shape, i), so the
events of a smaller N are the first events of a larger one. Each body is 3-4 KB of Markdown
with headings, lists, a table, footnotes, a quotation, UN symbols in prose (A/RES/70/237) and
internal links ([norm (e)](@/norms/e.md); in the Hugo copy, /tags/e/).

--shape (default: default) changes the events, the same way in every copy:
  default  the events above (the same files as before there were shapes, for a seed);
  hubs     the default events, each with `reports: [cyber-stability-2019]` and
           `documents: ["A/RES/70/237"]`: that report's page and that document's page are
           each cited by all N events (Hugo, Zola: terms of the taxonomies `reports` and
           `documents`, each listing all N events);
  rich     the default bodies with front matter like the repo's own events: 6-8 sources
           (titles and URLs taken from content/timeline/*.md), 2-11 norms, 1-3 regions,
           1-3 reports, a process and 1-3 more processes, 0-3 people, 1-3 UN symbols;
  long     the default front matter with long bodies: 20 paragraphs under 5 `##` and 4
           `###` headings, a bulleted and a numbered list, a table, a quotation, footnotes
           (13-15 KB);
  small    the default front matter with one-sentence bodies.
For hubs and rich the Hugo and Zola copies get a taxonomy for every kind of related page
our site writes (tags = norms and regions, reports, processes, people, documents), so that
each of our pages listing the events that relate to it has a term page listing them; for
default, long and small only `tags`, as before (docs/PERFORMANCE.md, "Shapes and the floor").
"""

import argparse
import os
import random
import re
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = ".synth-site"

# Real ids of the repo's content (see docs/CONTENT-MODEL.md).
NORMS = list("abcdefghijk") + [f"gcsc-{i}" for i in range(1, 9)]
NORM_LABEL = {**{n: f"norm ({n})" for n in "abcdefghijk"},
              **{f"gcsc-{i}": f"GCSC norm {i}" for i in range(1, 9)}}
REGIONS = ["osce", "eu", "oas", "au", "asean", "las"]
REGION_LABEL = {"osce": "OSCE", "eu": "EU", "oas": "OAS", "au": "African Union",
                "asean": "ASEAN", "las": "League of Arab States"}
REPORTS = ["cyber-stability-2019", "cyber-stability-2021", "gge-regional-consultations",
           "igf-2021-un-cyber-dialogues"]
# Process id -> the years it ran (content/processes/*.md).
PROCESSES = {
    "gge-2004": (2004, 2005), "gge-2009": (2009, 2010), "gge-2012": (2012, 2013),
    "gge-2014": (2014, 2015), "gge-2016": (2016, 2017), "gge-2019": (2019, 2021),
    "oewg-2019": (2019, 2021), "oewg-2021": (2021, 2025), "poa": (2020, 2025),
    "global-mechanism": (2025, 2025),
}
SYMBOLS = ["A/RES/53/70", "A/RES/56/19", "A/RES/58/32", "A/60/202", "A/65/201",
           "A/68/98", "A/70/174", "A/RES/70/237", "A/RES/73/27", "A/RES/73/266",
           "A/76/135", "A/75/816", "A/RES/75/240", "A/AC.290/2021/CRP.2",
           "A/78/265", "A/RES/76/19", "A/RES/77/37"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

SUBJECTS = ["The delegations", "Several States", "The Chair", "A group of experts",
            "Regional organisations", "The Secretariat", "Civil society participants",
            "The facilitators", "Member States", "Observers from industry",
            "The working group", "Most speakers"]
VERBS = ["recalled", "underlined", "questioned", "welcomed", "proposed", "examined",
         "reaffirmed", "discussed at length", "sought clarity on", "returned to",
         "linked", "set out"]
OBJECTS = ["the applicability of international law to the use of ICTs",
           "confidence-building measures between points of contact",
           "the protection of critical infrastructure against ICT incidents",
           "capacity-building for developing States",
           "the voluntary, non-binding norms of responsible State behaviour",
           "the role of computer emergency response teams",
           "the integrity of the supply chain",
           "the public core of the Internet",
           "the reporting of ICT vulnerabilities",
           "a regular institutional dialogue under the auspices of the United Nations",
           "the implementation of the framework at national level",
           "the attribution of ICT incidents"]
TAILS = ["in the light of recent incidents", "as a matter of priority",
         "without reaching a common view", "with reference to earlier reports",
         "while noting differences of emphasis", "in general terms",
         "for the first time in this format", "with concrete examples from the region"]
TITLE_WORDS = ["consultation", "briefing", "informal meeting", "workshop", "session",
               "dialogue", "seminar", "exchange of views", "round table", "side event"]
TITLE_TOPICS = ["critical infrastructure", "capacity-building", "international law",
                "confidence-building", "norm implementation", "supply chain security",
                "incident response", "vulnerability disclosure", "regional cooperation",
                "the future mechanism"]
PLACES = ["New York", "Geneva", "Vienna", "Bratislava", "Addis Ababa", "Singapore",
          "Washington", "Cairo", "Brussels", "Montevideo", "Nairobi", "Bangkok"]


def sentence(rng, symbol=None):
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
    if symbol:
        s += f", as set out in {symbol}"
    return s + "."


def paragraph(rng, n, symbol=None):
    out = [sentence(rng) for _ in range(n)]
    if symbol:
        out[rng.randrange(n)] = sentence(rng, symbol)
    return " ".join(out)


def make_event(seed, i):
    """One event: (id, front-matter fields, Markdown body with @/ links)."""
    rng = random.Random(f"{seed}-{i}")
    year = 1998 + i % 28  # every year of the timeline, evenly
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year:04d}-{month:02d}-{day:02d}"
    topic = rng.choice(TITLE_TOPICS)
    kind = rng.choice(TITLE_WORDS)
    place = rng.choice(PLACES)
    ident = f"{date}-synthetic-{i:06d}"
    title = f"{kind.capitalize()} on {topic} in {place} (no. {i})"
    summary = (f"A synthetic {kind} on {topic}, held in {place} on {day} {MONTHS[month - 1]} "
               f"{year}, generated for the build benchmark.")
    norms = sorted(rng.sample(NORMS, rng.randint(1, 4)), key=NORMS.index)
    regions = sorted(rng.sample(REGIONS, rng.randint(0, 2)), key=REGIONS.index)
    reports = sorted(rng.sample(REPORTS, rng.randint(0, 1)))
    running = [p for p, (a, b) in PROCESSES.items() if a <= year <= b]
    process = rng.choice(running) if running and rng.random() < 0.7 else None
    documents = sorted(set(rng.sample(SYMBOLS, rng.randint(0, 2))))
    sources = [{"title": f"Synthetic source {i}-{k}",
                "url": f"https://example.org/sources/{i}/{k}"} for k in range(rng.randint(1, 2))]

    n0 = norms[0]
    sym = rng.choice(SYMBOLS)
    parts = []
    parts.append(
        f"{paragraph(rng, 2)} The meeting took up [{NORM_LABEL[n0]}](@/norms/{n0}.md) "
        f"and the General Assembly's call in A/RES/70/237 to be guided by the 2015 report. "
        f"{paragraph(rng, 2, sym)}")
    parts.append("## Background")
    parts.append(f"{paragraph(rng, 3)}[^1] {paragraph(rng, 2)}")
    parts.append("## Discussion")
    parts.append("Speakers raised the following points:")
    parts.append("\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(3, 5))))
    if regions:
        r = regions[0]
        parts.append(
            f"The [{REGION_LABEL[r]} consultation](@/regions/{r}.md) had raised similar "
            f"questions. {paragraph(rng, 2)}[^2]")
    else:
        parts.append(f"{paragraph(rng, 3)}[^2]")
    parts.append("> " + paragraph(rng, 2) + "\n>\n> — closing remarks of the Chair")
    parts.append("### Positions by group")
    rows = ["| Group | Position | Norms cited |", "| --- | --- | --- |"]
    for g in rng.sample(["African Group", "Arab Group", "ASEAN members", "EU members",
                         "GRULAC", "Non-aligned", "Pacific islands"], 4):
        cited = ", ".join(NORM_LABEL[n] for n in rng.sample(NORMS, 2))
        rows.append(f"| {g} | {rng.choice(VERBS).capitalize()} {rng.choice(OBJECTS)} | {cited} |")
    parts.append("\n".join(rows))
    parts.append("### Next steps")
    parts.append("\n".join(f"{k}. {sentence(rng)}" for k in range(1, rng.randint(3, 4) + 1)))
    body = "\n\n".join(parts)
    # Pad with prose to reach 3-4 KB (footnote definitions included).
    notes = (f"[^1]: {sentence(rng, rng.choice(SYMBOLS))}\n"
             f"[^2]: {sentence(rng)} See also [{NORM_LABEL[norms[-1]]}](@/norms/{norms[-1]}.md).")
    target = rng.randint(3000, 3500)
    extra = []
    while len(body) + len(notes) + sum(len(e) + 2 for e in extra) < target:
        extra.append(paragraph(rng, 2))
    if extra:
        body = body.replace("### Next steps", "\n\n".join(extra) + "\n\n### Next steps", 1)
    body = body + "\n\n" + notes + "\n"
    fields = dict(title=title, date=date, summary=summary, process=process,
                  documents=documents, sources=sources, norms=norms, regions=regions,
                  reports=reports)
    return ident, fields, body

SHAPES = ("default", "hubs", "rich", "long", "small")
# The shapes whose Hugo and Zola copies have a taxonomy per kind of related page.
FULL_TAXONOMIES = ("hubs", "rich")
TAXONOMIES = ("tags", "reports", "processes", "people", "documents")
HUB_REPORT = "cyber-stability-2019"
HUB_SYMBOL = "A/RES/70/237"


def slug(symbol):
    """A UN symbol's slug, as our document pages have it (A/RES/70/237 -> a-res-70-237)."""
    return "".join(c if c.isalnum() else "-" for c in symbol.lower()).strip("-")


class Real:
    """What the rich shape clones from the repo's own content (read once)."""

    SOURCE = re.compile(r'\{title: "((?:[^"\\]|\\")*)", url: "((?:[^"\\]|\\")*)"\}')

    def __init__(self, repo):
        self.sources = []
        timeline = os.path.join(repo, "content", "timeline")
        for name in sorted(os.listdir(timeline)):
            with open(os.path.join(timeline, name), encoding="utf-8") as f:
                front = f.read().split("\n---\n", 1)[0]
            for title, url in self.SOURCE.findall(front):
                title = title.replace('\\"', '"')
                if "\\" not in title + url and (title, url) not in self.sources:
                    self.sources.append((title, url))
        people = os.path.join(repo, "content", "people")
        self.people = sorted(n[:-3] for n in os.listdir(people) if n.endswith(".md"))

    @staticmethod
    def title(repo, kind, ident):
        """The title (a person's name) of one of the repo's pages, for Hugo's term pages."""
        with open(os.path.join(repo, "content", kind, ident + ".md"), encoding="utf-8") as f:
            m = re.search(r'^(?:title|name): "(.*)"$', f.read(), re.M)
        return m.group(1).replace('\\"', '"') if m else ident


def rich_fields(seed, i, f, real):
    """The rich shape's front matter for event i (its body is the default one)."""
    rng = random.Random(f"{seed}-rich-{i}")
    year = int(f["date"][:4])
    f = dict(f)
    f["sources"] = [{"title": t, "url": u} for t, u in rng.sample(real.sources, rng.randint(6, 8))]
    # A third of the real events that name norms name all eleven of 2015.
    f["norms"] = (NORMS[:11] if rng.random() < 1 / 3 else
                  sorted(rng.sample(NORMS, rng.randint(2, 6)), key=NORMS.index))
    f["regions"] = sorted(rng.sample(REGIONS, rng.randint(1, 3)), key=REGIONS.index)
    f["reports"] = sorted(rng.sample(REPORTS, rng.randint(1, 3)))
    running = [p for p, (a, b) in PROCESSES.items() if a <= year <= b]
    f["process"] = rng.choice(running or list(PROCESSES))
    others = [p for p in PROCESSES if p != f["process"]]
    f["processes"] = sorted(rng.sample(others, rng.randint(1, 3)), key=list(PROCESSES).index)
    f["people"] = sorted(rng.sample(real.people, rng.randint(0, 3)))
    f["documents"] = sorted(set(rng.sample(SYMBOLS, rng.randint(1, 3))))
    return f


def long_body(seed, i, f):
    """The long shape's body: 20 paragraphs of 4-6 sentences under 9 headings, two lists,
    a table, a quotation and two footnotes, with UN symbols in prose and internal links."""
    rng = random.Random(f"{seed}-long-{i}")
    norms, regions = f["norms"], f["regions"]

    def para():
        return paragraph(rng, rng.randint(4, 6), rng.choice(SYMBOLS) if rng.random() < 0.4 else None)

    n0, n1 = norms[0], norms[-1]
    parts = [
        f"{paragraph(rng, 3)} The meeting took up [{NORM_LABEL[n0]}](@/norms/{n0}.md) and the "
        f"General Assembly's call in A/RES/70/237 to be guided by the 2015 report. "
        f"{paragraph(rng, 2)}",
        "## Background", para(), f"{para()}[^1]", para(),
        "### Earlier work", para(), para(),
        "## Discussion", para(), "Speakers raised the following points:",
        "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(5, 7))), para(),
    ]
    if regions:
        r = regions[0]
        parts.append(f"The [{REGION_LABEL[r]} consultation](@/regions/{r}.md) had raised "
                     f"similar questions. {paragraph(rng, 4)}")
    else:
        parts.append(para())
    rows = ["| Group | Position | Norms cited |", "| --- | --- | --- |"]
    for g in rng.sample(["African Group", "Arab Group", "ASEAN members", "EU members",
                         "GRULAC", "Non-aligned", "Pacific islands"], 6):
        cited = ", ".join(NORM_LABEL[n] for n in rng.sample(NORMS, 2))
        rows.append(f"| {g} | {rng.choice(VERBS).capitalize()} {rng.choice(OBJECTS)} | {cited} |")
    parts += [
        "### Positions by group", para(), "\n".join(rows), para(),
        "> " + paragraph(rng, 3) + "\n>\n> — closing remarks of the Chair",
        "## Proposals", para(), para(),
        "\n".join(f"{k}. {sentence(rng)}" for k in range(1, rng.randint(4, 6) + 1)),
        "### Follow-up", para(), para(),
        "## Outcome", para(), f"{para()}[^2]",
        "## Next steps", para(),
        f"[^1]: {sentence(rng, rng.choice(SYMBOLS))}\n"
        f"[^2]: {sentence(rng)} See also [{NORM_LABEL[n1]}](@/norms/{n1}.md).",
    ]
    return "\n\n".join(parts) + "\n"


def shaped_event(seed, i, shape, real=None):
    """Event i in the given shape: (id, front-matter fields, Markdown body)."""
    ident, f, body = make_event(seed, i)
    f.setdefault("processes", [])
    f.setdefault("people", [])
    if shape == "hubs":
        f["reports"] = [HUB_REPORT]
        f["documents"] = [HUB_SYMBOL]
    elif shape == "rich":
        f = rich_fields(seed, i, f, real)
    elif shape == "long":
        body = long_body(seed, i, f)
    elif shape == "small":
        body = sentence(random.Random(f"{seed}-small-{i}")) + "\n"
    return ident, f, body


def q(s):
    """A YAML / TOML double-quoted string (our strings have no backslashes or newlines)."""
    return '"' + s.replace('"', '\\"') + '"'


def ours(ident, f, body):
    lines = ["---", f"title: {q(f['title'])}", f"date: {q(f['date'])}",
             f"summary: {q(f['summary'])}"]
    if f["process"]:
        lines.append(f"process: {f['process']}")
    if f["documents"]:
        lines.append("documents: [" + ", ".join(q(d) for d in f["documents"]) + "]")
    lines.append("sources:")
    for s in f["sources"]:
        lines.append(f"  - {{title: {q(s['title'])}, url: {q(s['url'])}}}")
    for rel in ("norms", "regions", "reports", "processes", "people"):
        if f.get(rel):
            lines.append(f"{rel}: [" + ", ".join(f[rel]) + "]")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def tag_links(body):
    """Our @/norms/e.md and @/regions/osce.md links, as links to tag pages (Hugo, Zola)."""
    for kind in ("norms", "regions"):
        body = body.replace(f"(@/{kind}/", "(/tags/")
    return body.replace(".md)", "/)")


def terms(f):
    """An event's terms in the full set of taxonomies (hubs, rich): the kinds of related
    page our site writes, each a taxonomy; documents by the slug of their symbol."""
    return {"tags": f["norms"] + f["regions"], "reports": f["reports"],
            "processes": ([f["process"]] if f["process"] else []) + f["processes"],
            "people": f["people"], "documents": [slug(d) for d in f["documents"]]}


def hugo_page(ident, f, body, full=False):
    body = tag_links(body)
    tags = f["norms"] + f["regions"]
    lines = ["---", f"title: {q(f['title'])}", f"date: {f['date']}",
             f"description: {q(f['summary'])}",
             "tags: [" + ", ".join(q(t) for t in tags) + "]",
             "sources:"]
    for s in f["sources"]:
        lines.append(f"  - {{title: {q(s['title'])}, url: {q(s['url'])}}}")
    if full:
        # The documents are a taxonomy (slugs; the term pages are titled with the symbols).
        for tax, values in terms(f).items():
            if tax != "tags" and values:
                lines.append(f"{tax}: [" + ", ".join(q(v) for v in values) + "]")
    elif f["documents"]:
        lines.append("documents: [" + ", ".join(q(d) for d in f["documents"]) + "]")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "en"
title = "UN Cyber Record (Hugo benchmark copy)"
disableKinds = []
[taxonomies]
  tag = "tags"
# Like our generator: one site-wide feed (home), HTML for sections, taxonomies and terms.
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
[markup.goldmark.renderer]
  unsafe = false
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
"""

LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} — {{ .Site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:site_name" content="{{ .Site.Title }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><div class="wrap header-row">
<a class="site-title" href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav aria-label="Main"><ul class="nav">
<li><a href="{{ "events/" | relURL }}"{{ if eq .Section "events" }} aria-current="page"{{ end }}>Timeline</a></li>
<li><a href="{{ "tags/" | relURL }}"{{ if eq .Section "tags" }} aria-current="page"{{ end }}>Norms and regions</a></li>
<li><a href="{{ "search/" | relURL }}">Search</a></li>
</ul></nav>
</div></header>
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><div class="wrap">
<p>{{ .Site.Title }}</p>
<ul class="footer-links"><li><a href="{{ "about/" | relURL }}">About</a></li><li><a href="{{ "index.xml" | relURL }}">Feed</a></li></ul>
</div></footer>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
<li><a href="{{ "/" | relURL }}">Home</a></li>
<li><a href="{{ "events/" | relURL }}">Timeline</a></li>
<li><span aria-current="page">{{ .Title }}</span></li>
</ol></nav>
<article class="entity entity-event">
<header class="page-header">
<p class="kicker">Event</p>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ with .Description }}<p class="lede">{{ . }}</p>{{ end }}
</header>
{{ if ge (len .Fragments.Identifiers) 3 }}<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">On this page</h2>{{ .TableOfContents }}</nav>{{ end }}
<div class="prose">
{{ .Content }}
</div>
{{ with .Params.documents }}<p class="documents">Documents: {{ range $i, $d := . }}{{ if $i }}, {{ end }}<a class="unsymbol" href="https://undocs.org/{{ $d }}">{{ $d }}</a>{{ end }}</p>{{ end }}
{{ with .GetTerms "tags" }}
<section class="related" aria-labelledby="related-heading">
<h2 id="related-heading">Connected pages</h2>
<ul class="link-list">
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
</section>
{{ end }}
{{ with .Params.sources }}
<section class="sources" aria-labelledby="sources-heading">
<h2 id="sources-heading">Sources</h2>
<ul>{{ range . }}<li>{{ if .url }}<a href="{{ .url }}" rel="external">{{ .title }}</a>{{ else }}{{ .title }}{{ end }}</li>{{ end }}</ul>
</section>
{{ end }}
{{ if or .PrevInSection .NextInSection }}
<nav class="prevnext" aria-label="Events">
{{ with .NextInSection }}<a class="prev" rel="prev" href="{{ .RelPermalink }}"><span class="meta">Previous</span> {{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a class="next" rel="next" href="{{ .RelPermalink }}"><span class="meta">Next</span> {{ .Title }}</a>{{ end }}
</nav>
{{ end }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
<li><a href="{{ "/" | relURL }}">Home</a></li>
<li><span aria-current="page">{{ .Title }}</span></li>
</ol></nav>
<h1>{{ .Title }}</h1>
{{ range .Pages.GroupByDate "2006" }}
<section class="year"><h2>{{ .Key }} <span class="meta">{{ len .Pages }} events</span></h2>
<ul class="link-list">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta">{{ .Date.Format "2 January 2006" }}</span></li>
{{ end }}</ul>
</section>
{{ end }}
{{ end }}
""",
    "index.html": """\
{{ define "title" }}{{ .Site.Title }}{{ end }}
{{ define "main" }}
<article class="home">
<h1>{{ .Site.Title }}</h1>
<ul class="counts">
<li><a href="{{ "events/" | relURL }}"><span class="count">{{ len (where .Site.RegularPages "Section" "events") }}</span> Events</a></li>
<li><a href="{{ "tags/" | relURL }}"><span class="count">{{ len .Site.Taxonomies.tags }}</span> Norms and regions</a></li>
</ul>
<section><h2>Year by year</h2>
<ul class="year-grid">
{{ range (where .Site.RegularPages "Section" "events").GroupByDate "2006" }}<li><a href="{{ "events/" | relURL }}">{{ .Key }}<span class="meta">{{ len .Pages }} events</span></a></li>
{{ end }}</ul>
</section>
</article>
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="cards">
{{ range .Data.Terms.ByCount }}<li class="card"><a class="card-title" href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="meta">{{ .Count }} events</span></li>
{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
<li><a href="{{ "/" | relURL }}">Home</a></li>
<li><a href="{{ "tags/" | relURL }}">Norms and regions</a></li>
<li><span aria-current="page">{{ .Title }}</span></li>
</ol></nav>
<article class="entity">
<h1>{{ .Title }}</h1>
<section class="related" aria-labelledby="related-heading">
<h2 id="related-heading">Connected pages</h2>
<h3>Events</h3>
<ul class="link-list">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta">{{ .Date.Format "2 January 2006" }}</span></li>
{{ end }}</ul>
</section>
</article>
{{ end }}
""",
}


def hugo_files(full):
    """hugo.toml and the layouts; with full, a taxonomy per kind of related page (hubs,
    rich), the event page linking the terms of each and its documents' term pages."""
    config, layouts = HUGO_CONFIG, dict(LAYOUTS)
    if full:
        old = '[taxonomies]\n  tag = "tags"\n'
        assert old in config
        config = config.replace(old, '[taxonomies]\n  tag = "tags"\n  report = "reports"\n'
                                '  process = "processes"\n  person = "people"\n'
                                '  document = "documents"\n')
        single = layouts["_default/single.html"]
        for old, new in HUGO_FULL_SINGLE:
            assert old in single
            single = single.replace(old, new)
        layouts["_default/single.html"] = single
    return config, layouts


HUGO_FULL_SINGLE = [
    ('{{ with .Params.documents }}<p class="documents">Documents: {{ range $i, $d := . }}'
     '{{ if $i }}, {{ end }}<a class="unsymbol" href="https://undocs.org/{{ $d }}">{{ $d }}</a>'
     '{{ end }}</p>{{ end }}',
     '{{ with .GetTerms "documents" }}<p class="documents">Documents: {{ range $i, $d := . }}'
     '{{ if $i }}, {{ end }}<a class="unsymbol" href="{{ .RelPermalink }}">{{ .Title }}</a> '
     '(<a href="https://undocs.org/{{ .Title }}" rel="external">official record</a>)'
     '{{ end }}</p>{{ end }}'),
    ('{{ with .GetTerms "tags" }}\n<section class="related" aria-labelledby="related-heading">\n'
     '<h2 id="related-heading">Connected pages</h2>\n<ul class="link-list">\n'
     '{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>\n{{ end }}</ul>\n'
     '</section>\n{{ end }}',
     '<section class="related" aria-labelledby="related-heading">\n'
     '<h2 id="related-heading">Connected pages</h2>\n'
     '{{ range slice "tags" "reports" "processes" "people" }}{{ with $.GetTerms . }}\n'
     '<ul class="link-list">\n'
     '{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>\n{{ end }}</ul>\n'
     '{{ end }}{{ end }}\n</section>'),
]


def zola_page(ident, f, body, full=False):
    # Linked by path: a Zola @/ link would be to a content file, and norms are terms here.
    body = tag_links(body)
    tags = f["norms"] + f["regions"]
    lines = ["+++", f"title = {q(f['title'])}", f"date = {f['date']}",
             f"description = {q(f['summary'])}", "[taxonomies]",
             "tags = [" + ", ".join(q(t) for t in tags) + "]"]
    if full:
        # Term names as shown (Zola slugifies them for the URL: A/RES/70/237 -> a-res-70-237).
        t = terms(f)
        t["documents"] = f["documents"]
        for tax, values in t.items():
            if tax != "tags" and values:
                lines.append(f"{tax} = [" + ", ".join(q(v) for v in values) + "]")
    lines += ["[extra]",
              "sources = [" + ", ".join(f"{{title = {q(s['title'])}, url = {q(s['url'])}}}"
                                       for s in f["sources"]) + "]"]
    if f["documents"] and not full:
        lines.append("documents = [" + ", ".join(q(d) for d in f["documents"]) + "]")
    lines.append("+++")
    return "\n".join(lines) + "\n" + body


ZOLA_CONFIG = """\
base_url = "https://example.org"
title = "UN Cyber Record (Zola benchmark copy)"
compile_sass = false
build_search_index = false
# Like our generator: one site-wide feed, no feed per term.
generate_feeds = true
feed_filenames = ["atom.xml"]
taxonomies = [{ name = "tags", feed = false }]
"""

# The Hugo layouts, in Zola's templates (tera): the same markup for the same data.
ZOLA_TEMPLATES = {
    "base.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<meta name="description" content="{% block description %}{{ config.title }}{% endblock description %}">
<link rel="stylesheet" href="{{ get_url(path='style.css') }}">
<link rel="alternate" type="application/atom+xml" href="{{ get_url(path='atom.xml') }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><div class="wrap header-row">
<a class="site-title" href="{{ get_url(path='/') }}">{{ config.title }}</a>
<nav aria-label="Main"><ul class="nav">
<li><a href="{{ get_url(path='events/') }}">Timeline</a></li>
<li><a href="{{ get_url(path='tags/') }}">Norms and regions</a></li>
<li><a href="{{ get_url(path='search/') }}">Search</a></li>
</ul></nav>
</div></header>
<main id="main" class="wrap">
{% block main %}{% endblock main %}
</main>
<footer class="site-footer"><div class="wrap">
<p>{{ config.title }}</p>
<ul class="footer-links"><li><a href="{{ get_url(path='about/') }}">About</a></li><li><a href="{{ get_url(path='atom.xml') }}">Feed</a></li></ul>
</div></footer>
</body>
</html>
""",
    "page.html": """\
{% extends "base.html" %}
{% block title %}{{ page.title }} — {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block main %}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
<li><a href="{{ get_url(path='/') }}">Home</a></li>
<li><a href="{{ get_url(path='events/') }}">Timeline</a></li>
<li><span aria-current="page">{{ page.title }}</span></li>
</ol></nav>
<article class="entity entity-event">
<header class="page-header">
<p class="kicker">Event</p>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date }}">{{ page.date | date(format="%-d %B %Y") }}</time></p>
{% if page.description %}<p class="lede">{{ page.description }}</p>{% endif %}
</header>
{% if page.toc %}<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">On this page</h2><ul>
{% for h in page.toc %}<li><a href="{{ h.permalink | safe }}">{{ h.title }}</a>{% if h.children %}<ul>{% for c in h.children %}<li><a href="{{ c.permalink | safe }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>
{% endfor %}</ul></nav>{% endif %}
<div class="prose">
{{ page.content | safe }}
</div>
{% if page.extra.documents %}<p class="documents">Documents: {% for d in page.extra.documents %}{% if not loop.first %}, {% endif %}<a class="unsymbol" href="https://undocs.org/{{ d }}">{{ d }}</a>{% endfor %}</p>{% endif %}
{% if page.taxonomies.tags %}
<section class="related" aria-labelledby="related-heading">
<h2 id="related-heading">Connected pages</h2>
<ul class="link-list">
{% for t in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind='tags', name=t) }}">{{ t }}</a></li>
{% endfor %}</ul>
</section>
{% endif %}
{% if page.extra.sources %}
<section class="sources" aria-labelledby="sources-heading">
<h2 id="sources-heading">Sources</h2>
<ul>{% for s in page.extra.sources %}<li>{% if s.url %}<a href="{{ s.url }}" rel="external">{{ s.title }}</a>{% else %}{{ s.title }}{% endif %}</li>{% endfor %}</ul>
</section>
{% endif %}
{% if page.lower or page.higher %}
<nav class="prevnext" aria-label="Events">
{% if page.lower %}<a class="prev" rel="prev" href="{{ page.lower.permalink }}"><span class="meta">Previous</span> {{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a class="next" rel="next" href="{{ page.higher.permalink }}"><span class="meta">Next</span> {{ page.higher.title }}</a>{% endif %}
</nav>
{% endif %}
</article>
{% endblock main %}
""",
    "section.html": """\
{% extends "base.html" %}
{% block title %}{{ section.title }} — {{ config.title }}{% endblock title %}
{% block main %}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
<li><a href="{{ get_url(path='/') }}">Home</a></li>
<li><span aria-current="page">{{ section.title }}</span></li>
</ol></nav>
<h1>{{ section.title }}</h1>
{% for year, pages in section.pages | group_by(attribute="year") %}
<section class="year"><h2>{{ year }} <span class="meta">{{ pages | length }} events</span></h2>
<ul class="link-list">
{% for p in pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <span class="meta">{{ p.date | date(format="%-d %B %Y") }}</span></li>
{% endfor %}</ul>
</section>
{% endfor %}
{% endblock main %}
""",
    # Without the counts and the year grid of the Hugo home page: Zola's get_section would
    # load every event, content and all, into the home page's context (0.5 GB for 2,000
    # events here; the 50,000-event build was killed for want of memory).
    "index.html": """\
{% extends "base.html" %}
{% block main %}
<article class="home">
<h1>{{ config.title }}</h1>
<ul class="counts">
<li><a href="{{ get_url(path='events/') }}">Events</a></li>
<li><a href="{{ get_url(path='tags/') }}">Norms and regions</a></li>
</ul>
</article>
{% endblock main %}
""",
    "taxonomy_list.html": """\
{% extends "base.html" %}
{% block main %}
<h1>Norms and regions</h1>
<ul class="cards">
{% for t in terms %}<li class="card"><a class="card-title" href="{{ t.permalink }}">{{ t.name }}</a> <span class="meta">{{ t.pages | length }} events</span></li>
{% endfor %}</ul>
{% endblock main %}
""",
    "taxonomy_single.html": """\
{% extends "base.html" %}
{% block title %}{{ term.name }} — {{ config.title }}{% endblock title %}
{% block main %}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
<li><a href="{{ get_url(path='/') }}">Home</a></li>
<li><a href="{{ get_url(path='tags/') }}">Norms and regions</a></li>
<li><span aria-current="page">{{ term.name }}</span></li>
</ol></nav>
<article class="entity">
<h1>{{ term.name }}</h1>
<section class="related" aria-labelledby="related-heading">
<h2 id="related-heading">Connected pages</h2>
<h3>Events</h3>
<ul class="link-list">
{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <span class="meta">{{ p.date | date(format="%-d %B %Y") }}</span></li>
{% endfor %}</ul>
</section>
</article>
{% endblock main %}
""",
}


def zola_files(full):
    """config.toml and the templates; with full, as hugo_files."""
    config, templates = ZOLA_CONFIG, dict(ZOLA_TEMPLATES)
    if full:
        old = 'taxonomies = [{ name = "tags", feed = false }]\n'
        assert old in config
        config = config.replace(old, "taxonomies = [" + ", ".join(
            f'{{ name = "{t}", feed = false }}' for t in TAXONOMIES) + "]\n")
        page = templates["page.html"]
        for old, new in ZOLA_FULL_PAGE:
            assert old in page
            page = page.replace(old, new)
        templates["page.html"] = page
    return config, templates


ZOLA_FULL_PAGE = [
    ('{% if page.extra.documents %}<p class="documents">Documents: {% for d in page.extra.documents %}'
     '{% if not loop.first %}, {% endif %}<a class="unsymbol" href="https://undocs.org/{{ d }}">{{ d }}</a>'
     '{% endfor %}</p>{% endif %}',
     '{% if page.taxonomies.documents %}<p class="documents">Documents: '
     '{% for d in page.taxonomies.documents %}{% if not loop.first %}, {% endif %}'
     '<a class="unsymbol" href="{{ get_taxonomy_url(kind=\'documents\', name=d) }}">{{ d }}</a> '
     '(<a href="https://undocs.org/{{ d }}" rel="external">official record</a>)'
     '{% endfor %}</p>{% endif %}'),
    ('{% if page.taxonomies.tags %}\n<section class="related" aria-labelledby="related-heading">\n'
     '<h2 id="related-heading">Connected pages</h2>\n<ul class="link-list">\n'
     '{% for t in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind=\'tags\', name=t) }}">'
     '{{ t }}</a></li>\n{% endfor %}</ul>\n</section>\n{% endif %}',
     '<section class="related" aria-labelledby="related-heading">\n'
     '<h2 id="related-heading">Connected pages</h2>\n'
     '{% set kinds = ["tags", "reports", "processes", "people"] %}'
     '{% for kind in kinds %}{% if page.taxonomies[kind] %}\n<ul class="link-list">\n'
     '{% for t in page.taxonomies[kind] %}<li><a href="{{ get_taxonomy_url(kind=kind, name=t) }}">'
     '{{ t }}</a></li>\n{% endfor %}</ul>\n{% endif %}{% endfor %}\n</section>'),
]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", "-n", type=int, required=True, help="number of synthetic events")
    ap.add_argument("--out", required=True, help="our site: copy of the repo's site + events")
    ap.add_argument("--hugo", help="also write the same events as a Hugo site here")
    ap.add_argument("--zola", help="also write the same events as a Zola site here")
    ap.add_argument("--seed", default="cyberrecord-bench-1")
    ap.add_argument("--repo", default=REPO, help="the repo whose content/ and themes/ to copy")
    ap.add_argument("--shape", choices=SHAPES, default="default",
                    help="the events' front matter and bodies (see above)")
    args = ap.parse_args()
    full = args.shape in FULL_TAXONOMIES
    real = Real(args.repo) if args.shape == "rich" else None

    # Only a folder this script made (it leaves MARKER in it) or an empty one is replaced:
    # never delete anything else, whatever path is given.
    for d in (args.out, args.hugo, args.zola):
        if not d or not os.path.exists(d):
            continue
        if not os.path.isdir(d):
            sys.exit(f"synth: {d} exists and is not a folder")
        if os.listdir(d) and not os.path.isfile(os.path.join(d, MARKER)):
            sys.exit(f"synth: refusing to replace {d}: it is not empty and was not made by "
                     f"synth.py (no {MARKER} in it); give a new or empty folder")
        shutil.rmtree(d)
    for sub in ("content", "themes"):
        shutil.copytree(os.path.join(args.repo, sub), os.path.join(args.out, sub))
    write(os.path.join(args.out, MARKER), "made by benches/synth.py; replaced on its next run\n")
    if args.hugo:
        write(os.path.join(args.hugo, MARKER), "made by benches/synth.py; replaced on its next run\n")
        config, layouts = hugo_files(full)
        write(os.path.join(args.hugo, "hugo.toml"), config)
        for name, text in layouts.items():
            write(os.path.join(args.hugo, "layouts", name), text)
        write(os.path.join(args.hugo, "content", "events", "_index.md"),
              '---\ntitle: "Timeline"\n---\n')
        # Term pages titled like our norm and region pages.
        for tag, label in list(NORM_LABEL.items()) + list(REGION_LABEL.items()):
            write(os.path.join(args.hugo, "content", "tags", tag, "_index.md"),
                  f"---\ntitle: {q(label[0].upper() + label[1:])}\n---\n")
        write(os.path.join(args.hugo, "static", "style.css"),
              open(os.path.join(args.repo, "themes/default/static/style.css")).read())

    if args.zola:
        write(os.path.join(args.zola, MARKER), "made by benches/synth.py; replaced on its next run\n")
        config, templates = zola_files(full)
        write(os.path.join(args.zola, "config.toml"), config)
        for name, text in templates.items():
            write(os.path.join(args.zola, "templates", name), text)
        write(os.path.join(args.zola, "content", "_index.md"), "+++\n+++\n")
        write(os.path.join(args.zola, "content", "events", "_index.md"),
              '+++\ntitle = "Timeline"\nsort_by = "date"\n+++\n')
        write(os.path.join(args.zola, "static", "style.css"),
              open(os.path.join(args.repo, "themes/default/static/style.css")).read())

    timeline = os.path.join(args.out, "content", "timeline")
    events = os.path.join(args.hugo, "content", "events") if args.hugo else None
    zola_events = os.path.join(args.zola, "content", "events") if args.zola else None
    total = 0
    used = {t: set() for t in TAXONOMIES}
    for i in range(args.events):
        ident, fields, body = shaped_event(args.seed, i, args.shape, real)
        total += len(body.encode())
        write(os.path.join(timeline, ident + ".md"), ours(ident, fields, body))
        if events:
            write(os.path.join(events, ident + ".md"), hugo_page(ident, fields, body, full))
        if zola_events:
            write(os.path.join(zola_events, ident + ".md"), zola_page(ident, fields, body, full))
        if full:
            for tax, values in terms(fields).items():
                used[tax].update(values)
            used["symbols"] = used.get("symbols", set()) | set(fields["documents"])
    if events and full:
        # Hugo's term pages of the other taxonomies, titled like our pages of those kinds.
        titles = {slug(d): d for d in used.pop("symbols", ())}
        for tax in ("reports", "processes", "people"):
            for term in used[tax]:
                titles[(tax, term)] = Real.title(args.repo, tax, term)
        for tax in ("reports", "processes", "people", "documents"):
            for term in sorted(used[tax]):
                title = titles[term] if tax == "documents" else titles[(tax, term)]
                write(os.path.join(args.hugo, "content", tax, term, "_index.md"),
                      f"---\ntitle: {q(title)}\n---\n")
    avg = total / args.events if args.events else 0
    print(f"synth: {args.events} events, shape {args.shape} "
          f"(bodies {avg / 1024:.1f} KB on average) -> {args.out}"
          + "".join(f" and {d}" for d in (args.hugo, args.zola) if d), file=sys.stderr)


if __name__ == "__main__":
    main()
