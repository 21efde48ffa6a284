"""Atom feeds: new letters, and one per topic. Links are relative to the feed's folder."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from .escape import slug
from .links import KIND_LABELS, display_title, page_name
from .model import Letter
from .site import Corpus

FEED_SIZE = 50


def feed_name(topic_id: str | None) -> str:
    return "brieven.xml" if topic_id is None else f"onderwerp-{page_name(topic_id)}.xml"


def render_feeds(corpus: Corpus) -> dict[str, str]:
    feeds = {
        feed_name(None): _feed(corpus, "Kamerbrieven: nieuwe brieven", "brieven", corpus.letters)
    }
    for topic in corpus.topics.values():
        letters = [x for x in corpus.letters if topic.id in {slug(t) for t in x.topics}]
        title = f"Kamerbrieven: {topic.label}"
        feeds[feed_name(topic.id)] = _feed(corpus, title, f"onderwerp/{topic.id}", letters)
    return feeds


def _updated(letter: Letter, corpus: Corpus) -> str:
    return f"{letter.effective_date or corpus.today.isoformat()}T00:00:00Z"


def _feed(corpus: Corpus, title: str, tag: str, letters: Iterable[Letter]) -> str:
    items = list(letters)[:FEED_SIZE]
    updated = max((_updated(x, corpus) for x in items), default=f"{corpus.today}T00:00:00Z")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
        f"  <title>{escape(title)}</title>",
        f"  <id>tag:kamerbrieven,2024:{escape(tag)}</id>",
        f"  <updated>{updated}</updated>",
        '  <link rel="alternate" href="../index.html"/>',
        "  <author><name>Kamerbrieven</name></author>",
    ]
    for letter in items:
        lines += _entry(letter, corpus)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry(letter: Letter, corpus: Corpus) -> list[str]:
    href = f"../brieven/{page_name(letter.id)}.html"
    summary = (
        f"{KIND_LABELS[letter.kind]}; {len(letter.questions)} vragen, "
        f"{len(letter.recommendations)} aanbevelingen, {len(letter.commitments)} toezeggingen"
    )
    return [
        "  <entry>",
        f"    <title>{escape(display_title(letter))}</title>",
        f"    <id>tag:kamerbrieven,2024:brief/{escape(letter.id)}</id>",
        f"    <updated>{_updated(letter, corpus)}</updated>",
        f'    <link rel="alternate" href={quoteattr(href)}/>',
        f"    <summary>{escape(summary)}</summary>",
        "  </entry>",
    ]
