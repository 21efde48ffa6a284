"""Recommendations of an advisory report and the cabinet's appreciatie of each.

The usual form of a kabinetsreactie: a heading per recommendation (its title), the
recommendation summarised, then a heading ``Appreciatie`` (or ``Reactie``/``Kabinets-
reactie``/``Standpunt``) with the cabinet's response. Also ``Aanbeveling 2: …`` /
``Reactie: …`` paragraphs. Letters that answer recommendations in running prose yield
none here (and a review flag in the pipeline), never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Recommendation, Span, Stance
from ..sources import Block, BlockKind
from .stance import classify_stance

RESPONSE_HEAD_RE = re.compile(
    r"^(?:Appreciatie|Reactie|Kabinetsreactie|Standpunt|Kabinetsstandpunt|Reactie (?:van )?(?:het )?kabinet)"
    r"(?:\s+(?:van\s+)?(?:het\s+)?kabinet)?\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
RECOMMENDATION_HEAD_RE = re.compile(
    r"^Aanbeveling(?:\s+(?P<n>\d+))?\s*[:.]\s*(?P<rest>.+)$", re.DOTALL
)
BODY_RE = re.compile(
    r"\b(?P<body>Adviesraad (?:Migratie|[A-Z]\w+)|Raad van State|Sociaal-Economische Raad|SER|"
    r"Wetenschappelijke Raad voor het Regeringsbeleid|WRR|Raad voor het Openbaar Bestuur|"
    r"Raad voor de leefomgeving en infrastructuur|Rli|Onderwijsraad|Gezondheidsraad|"
    r"Algemene Rekenkamer|Nationale ombudsman|Staatscommissie [A-Z][\w ]+? \d{4}|"
    r"Raad voor [A-Z]?\w+|[Cc]ommissie[- ][A-Z]\w+|Aanjaagteam [A-Z][\w ]+?(?=[ ,.]))"
)
REPORT_RE = re.compile(
    r"\b(?:advies(?:rapport)?|rapport|advies)\s+[“\"'‘](?P<title>[^”\"’']{4,200})[”\"'’]"
)


@dataclass
class RecommendationResult:
    recommendations: list[Recommendation]
    used: set[int]


def extract_recommendations(blocks: tuple[Block, ...], skip: set[int]) -> RecommendationResult:
    body = [
        i for i in range(len(blocks)) if i not in skip and blocks[i].kind is not BlockKind.LABEL
    ]
    by, report = advisory_source(blocks, body)
    found = _by_headings(blocks, body) or _by_inline_labels(blocks, body)
    recs: list[Recommendation] = []
    used: set[int] = set()
    for n, (title_i, rec_idx, resp_i, resp_idx) in enumerate(found, 1):
        rec_text = "\n\n".join(blocks[i].text for i in rec_idx)
        resp_text = "\n\n".join(t for t in [_rest(blocks[resp_i].text)] if t)
        resp_text = "\n\n".join([resp_text, *[blocks[i].text for i in resp_idx]]).strip()
        stance, phrase = classify_stance(resp_text)
        title = (
            _clean_title(blocks[title_i].text) if title_i is not None else _first_words(rec_text)
        )
        rec_span = _span(blocks, [i for i in [title_i, *rec_idx] if i is not None])
        recs.append(
            Recommendation(
                id=f"r{n}",
                title=title,
                recommendation=rec_text,
                appreciatie=resp_text,
                stance=stance,
                stance_phrase=phrase,
                by=by,
                report=report,
                span=rec_span or blocks[resp_i].span,
                appreciatie_span=_span(blocks, [resp_i, *resp_idx]),
            )
        )
        used.update(i for i in [title_i, *rec_idx, resp_i, *resp_idx] if i is not None)
    return RecommendationResult(recs, used)


Found = tuple[int | None, list[int], int, list[int]]


def _by_headings(blocks: tuple[Block, ...], body: list[int]) -> list[Found]:
    """Heading (title) · paragraphs · heading Appreciatie · paragraphs, up to the next heading."""
    found: list[Found] = []
    for pos, i in enumerate(body):
        if not _is_response_heading(blocks[i]):
            continue
        before = body[:pos]
        title_pos = next(
            (
                k
                for k in range(len(before) - 1, -1, -1)
                if blocks[before[k]].kind is BlockKind.HEADING
            ),
            None,
        )
        if title_pos is None or _is_response_heading(blocks[before[title_pos]]):
            continue
        rec_idx = before[title_pos + 1 :]
        after = body[pos + 1 :]
        end = next(
            (k for k, j in enumerate(after) if blocks[j].kind is BlockKind.HEADING), len(after)
        )
        if rec_idx and after[:end]:
            found.append((before[title_pos], rec_idx, i, after[:end]))
    return found


def _is_response_heading(block: Block) -> bool:
    m = RESPONSE_HEAD_RE.match(block.text)
    return bool(m) and block.kind is BlockKind.HEADING and not (m and m.group("rest"))


def _by_inline_labels(blocks: tuple[Block, ...], body: list[int]) -> list[Found]:
    """``Aanbeveling 1: …`` followed by ``Reactie: …`` / ``Appreciatie: …`` paragraphs."""
    found: list[Found] = []
    for pos, i in enumerate(body):
        if not RECOMMENDATION_HEAD_RE.match(blocks[i].text):
            continue
        rest = body[pos + 1 :]
        resp_pos = next((k for k, j in enumerate(rest) if _inline_response(blocks[j])), None)
        if resp_pos is None or any(
            RECOMMENDATION_HEAD_RE.match(blocks[j].text) for j in rest[:resp_pos]
        ):
            continue
        after = rest[resp_pos + 1 :]
        end = next(
            (
                k
                for k, j in enumerate(after)
                if RECOMMENDATION_HEAD_RE.match(blocks[j].text)
                or blocks[j].kind is BlockKind.HEADING
            ),
            len(after),
        )
        found.append((None, [i, *rest[:resp_pos]], rest[resp_pos], after[:end]))
    return found


def _inline_response(block: Block) -> bool:
    m = RESPONSE_HEAD_RE.match(block.text)
    return bool(m and m.group("rest") and ":" in block.text[:40])


def _rest(text: str) -> str:
    m = RESPONSE_HEAD_RE.match(text)
    return m.group("rest").strip() if m else text


def _clean_title(text: str) -> str:
    return re.sub(r"^(?:\d+(?:\.\d+)*\.?|[a-z]\))\s+", "", text).strip().rstrip(":")


def _first_words(text: str) -> str:
    m = RECOMMENDATION_HEAD_RE.match(text)
    text = m.group("rest") if m else text
    words = text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _span(blocks: tuple[Block, ...], idx: list[int]) -> Span | None:
    if not idx:
        return None
    return Span(min(blocks[i].span.start for i in idx), max(blocks[i].span.end for i in idx))


def advisory_source(blocks: tuple[Block, ...], body: list[int]) -> tuple[str | None, str | None]:
    """Who made the advice and the report's title: a quoted title after "(advies)rapport" or
    "advies" in the opening paragraphs, and the advisory body named shortly before it."""
    for i in body[:6]:
        text = blocks[i].text
        for report in REPORT_RE.finditer(text):
            bodies = list(BODY_RE.finditer(text[max(0, report.start() - 240) : report.start()]))
            if bodies:
                return bodies[-1].group("body"), report.group("title").strip()
    return None, None


def stance_counts(recs: list[Recommendation]) -> dict[Stance, int]:
    counts: dict[Stance, int] = {}
    for rec in recs:
        if rec.stance:
            counts[rec.stance] = counts.get(rec.stance, 0) + 1
    return counts
