"""Reader shortcuts give what the plain rules give (property tests against them)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.sources.decode import _CONTROL_BYTES
from generator.sources.lines import (
    GLUED_MARKER_RE,
    GLUED_START_RE,
    PAGE_NUMBER_RE,
    PAGE_OF_RE,
    RUNNING_FOOTER_RE,
    Ln,
    _isolated,
    _part_of_code,
    _token_start,
    ends_sentence,
    furniture,
    glued_markers,
    match_label,
    replace_glued_markers,
    replace_glued_markers_in,
    single_spaced,
    take_running_furniture,
)
from generator.sources.markup import md_inline
from generator.sources.paras import Para, _attach_label_values, _label_pieces, split_labels
from generator.sources.reflow import _word_at_end
from generator.sources.text import _MARKDOWN_SIGNS
from generator.sources.words import WORD_RE, vocabulary

PIECES = st.sampled_from(
    ["a", "Z", "é", "ÿ", "1", "4", "12", "%", "_", "-", " ", ".", ")", "’", "\n", "²", "٣", "ǅ"]
)
TEXTS = st.one_of(st.text(max_size=60), st.lists(PIECES, max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_word_at_end_is_the_regex(text: str) -> None:
    found = re.search(r"[\w%]+$", text)
    assert _word_at_end(text) == (found.group(0) if found else "")


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS.map(lambda t: t.replace("\n", " ")), max_size=8), st.sets(st.integers(0, 20)))
def test_glued_markers_in_lines_as_line_by_line(texts: list[str], known: set[int]) -> None:
    lines = [Ln(k + 1, text) for k, text in enumerate(texts)]
    expected = [ln.with_text(replace_glued_markers(ln.text, known)[0]) for ln in lines]
    assert replace_glued_markers_in(lines, known) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["# ", "## x", "**a**", "<sup>1</sup>", "<https://", "](", "x", "\n", "*"]),
        max_size=20,
    ).map("".join)
)
def test_markdown_signs_counted_as_before(text: str) -> None:
    patterns = (r"<sup>\d+</sup>", r"^#{1,6} ", r"^\*\*[^*\n]+\*\*\s*$", r"<https?://", r"\]\(")
    before = sum(len(re.findall(p, text, re.MULTILINE)) for p in patterns)
    after = sum(len(p.findall(text)) for literal, p in _MARKDOWN_SIGNS if literal in text)
    assert after == before


WORD_PIECES = st.sampled_from(
    ["a", "B", "é", "É", "ÿ", "Ÿ", "ß", "ẞ", "K", "İ", "i", "k", "-", "--", " ", "\n", "1", "×"]
)
WORD_TEXTS = st.lists(WORD_PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(WORD_TEXTS, max_size=5), st.lists(WORD_TEXTS, min_size=1, max_size=6))
def test_words_looked_up_as_collected(texts: list[str], asked: list[str]) -> None:
    """The vocabulary looked up on demand holds what collecting every token gives."""
    tokens = {t.lower() for t in WORD_RE.findall("\n".join(texts))}
    words, compounds = vocabulary([Ln(k + 1, text) for k, text in enumerate(texts)])
    for word in [*asked, *(w.lower() for w in asked), *tokens]:
        assert (word in words) == (word in tokens and "-" not in word)
        assert (word in compounds) == (word in tokens and "-" in word)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_glued_start_pretest_is_the_plain_pattern(text: str) -> None:
    plain = re.compile(r"[A-Za-zÀ-ÿ\.\)\?!”’\"'%][1-9]")
    assert [m.end() for m in GLUED_START_RE.finditer(text)] == [
        m.end() for m in plain.finditer(text)
    ]


FURNITURE_LINES = st.sampled_from(
    [
        "",
        " ",
        "3",
        " - 4 - ",
        "12 / 30",
        "Pagina 2 van 5",
        "pagina 2 van 5",
        "BLAD 3 van 9",
        "Tweede Kamer, vergaderjaar 2024–2025, 32 847, nr. 12 3",
        "kst-12345678-9",
        "h-tk-20242025-1-2",
        "1 Kamerstukken II 2023/24, 1234, nr. 5.",
        "Het kabinet 3",
        "\x1c4",
        "\u00a0-\u00a05",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(FURNITURE_LINES, st.booleans()), max_size=12))
def test_running_furniture_as_line_by_line(rows: list[tuple[str, bool]]) -> None:
    lines = [Ln(k + 1, text, page) for k, (text, page) in enumerate(rows)]
    kept, dropped = [], []
    for i, line in enumerate(lines):
        if RUNNING_FOOTER_RE.match(line.text):
            dropped.append(furniture(line, "running page footer"))
        elif PAGE_OF_RE.match(line.text) or (
            PAGE_NUMBER_RE.match(line.text) and _isolated(lines, i)
        ):
            dropped.append(furniture(line, "page number"))
        else:
            kept.append(line)
    assert take_running_furniture(lines) == (kept, dropped)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(TEXTS, st.lists(st.sampled_from(["a", " ", "  ", "\u00a0", "\t", "é"])).map("".join))
)
def test_single_spaced_is_split_and_join(text: str) -> None:
    assert single_spaced(text) == " ".join(text.split())


@settings(max_examples=400, deadline=None)
@given(TEXTS.map(lambda t: t.replace("\n", " ")), st.integers(0, 60))
def test_token_start_is_the_regex(text: str, end: int) -> None:
    end = min(end, len(text))
    found = re.search(r"[\w-]*$", text[:end])
    assert found is not None
    assert _token_start(text, end) == found.start()


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(st.sampled_from(["a", "\x00", "\x08", "\x0b", "\x1f", "é"])).map("".join),
    )
)
def test_control_bytes_counted_as_the_characters(text: str) -> None:
    encoded = text.encode("utf-8", "surrogatepass")
    deleted = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    assert deleted == len(re.findall(r"[\x00-\x08\x0e-\x1f]", text))


SENTENCE_ENDS = st.lists(
    st.sampled_from(["a", ".", "?", ")", "]", "[^1]", " [^2]", " ", "”", "»", ":", "\t", "[", "3"]),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(SENTENCE_ENDS, st.text(max_size=12)))
def test_ends_sentence_as_the_plain_rule(text: str) -> None:
    t = text.rstrip()
    if "[^" in t:
        t = re.sub(r"(\s*\[\^\d+\])+\s*$", "", t)
    assert ends_sentence(text) == (t.rstrip(")]\"”’'»")[-1:] in (".", "?", "!", ":", ";"))


MARKER_TEXTS = st.lists(
    st.sampled_from(
        ["a", "B", "CPB", "nr.", "art.", "A.", "4.", "1", "12", ",", "?", "’", " ", "-", "%"]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(MARKER_TEXTS, TEXTS), st.sets(st.integers(1, 20), min_size=1))
def test_glued_markers_tried_where_they_may_start(text: str, known: set[int]) -> None:
    plain = []
    for m in GLUED_MARKER_RE.finditer(text):
        numbers = [int(n) for n in m.group("n").split(",")]
        if all(n in known for n in numbers) and not _part_of_code(text, m.start()):
            plain.append((m.start(), m.end(), numbers))
    assert glued_markers(text, known) == plain


LABEL_LINES = st.sampled_from(
    [
        "Datum 14 november 2024",
        "  **Datum**",
        "__Onze referentie__ 2024-123",
        "[Datum](#) 3 mei 2024",
        "<br>Betreft Stand van zaken",
        "Da**tum** 3 mei",
        "__Da__tum 3 mei",
        "*Datum* 3 mei",
        "\\*\\*Datum",
        "Betreft",
        "de brief van 3 mei",
        "Het kabinet",
        "Uw brief van 1 mei",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(LABEL_LINES, TEXTS), min_size=1, max_size=3), max_size=6))
def test_labels_looked_for_where_they_may_be(groups: list[list[str]]) -> None:
    def paras() -> list[Para]:
        nos = iter(range(1, 100))
        return [Para([Ln(next(nos), t) for t in g], " ".join(g)) for g in groups]

    plain: list[Para] = []
    for para in paras():
        if any(match_label(md_inline(ln.text)) for ln in para.lines):
            plain.extend(_label_pieces(para))
        else:
            plain.append(para)
    assert split_labels(paras()) == _attach_label_values(plain)
