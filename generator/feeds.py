"""Atom feeds: new letters, and one per topic.

Links are relative to the feed's folder unless the site's address is known (``site_url``,
see :func:`generator.build.configured_site_url`): then they are absolute, as feed readers
that do not resolve relative links need, and the feed names itself (``rel="self"``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .escape import slug
from .links import KIND_LABELS, display_title, page_name
from .model import Letter
from .site import Corpus

FEED_SIZE = 50


def feed_name(topic_id: str | None) -> str:
    return "brieven.xml" if topic_id is None else f"onderwerp-{page_name(topic_id)}.xml"


@dataclass(frozen=True)
class _Feed:
    name: str
    title: str
    tag: str
    site_url: str | None

    def href(self, target: str) -> str:
        """A link to a site page (``brieven/x.html``) from inside ``feeds/``."""
        return f"{self.site_url or '../'}{target}"


def render_feeds(corpus: Corpus, site_url: str | None = None) -> dict[str, str]:
    """Every feed by file name; ``site_url`` (ending in ``/``) makes links absolute."""
    name = feed_name(None)
    feeds = {
        name: _feed(
            corpus, _Feed(name, "Kamerbrieven: nieuwe brieven", "brieven", site_url), corpus.letters
        )
    }
    for topic in corpus.topics.values():
        letters = [x for x in corpus.letters if topic.id in {slug(t) for t in x.topics}]
        name = feed_name(topic.id)
        feed = _Feed(name, f"Kamerbrieven: {topic.label}", f"onderwerp/{topic.id}", site_url)
        feeds[name] = _feed(corpus, feed, letters)
    return feeds


def _updated(letter: Letter, corpus: Corpus) -> str:
    return f"{letter.effective_date or corpus.today.isoformat()}T00:00:00Z"


def _feed(corpus: Corpus, feed: _Feed, letters: Iterable[Letter]) -> str:
    items = list(letters)[:FEED_SIZE]
    updated = max((_updated(x, corpus) for x in items), default=f"{corpus.today}T00:00:00Z")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
        f"  <title>{escape(feed.title)}</title>",
        f"  <id>tag:kamerbrieven,2024:{escape(feed.tag)}</id>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="alternate" href={quoteattr(feed.href("index.html"))}/>',
    ]
    if feed.site_url:
        lines.append(f'  <link rel="self" href={quoteattr(feed.href("feeds/" + feed.name))}/>')
    lines.append("  <author><name>Kamerbrieven</name></author>")
    for letter in items:
        lines += _entry(letter, corpus, feed)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry(letter: Letter, corpus: Corpus, feed: _Feed) -> list[str]:
    href = feed.href(f"brieven/{page_name(letter.id)}.html")
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
