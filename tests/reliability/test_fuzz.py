"""Fuzzing: every reader, the extractors and the YAML loader, fed arbitrary input and
mutated seeds, return a result or raise the generator's own error (a clear message);
never anything else."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.diagnostics import ContentError, GeneratorError, UnreadableSource
from generator.extract.letter import extract_letter, load_catalogues
from generator.ingest_read import parse_source
from generator.model import SourceInfo
from generator.store import dump_letter, load_letter_file, load_yaml
from generator.validate import validate_content

from .conftest import GOOD_LETTER, seed_texts

DEFAULTS = Path(__file__).resolve().parents[2] / "generator" / "defaults"
CATALOGUES = load_catalogues(DEFAULTS)
SEEDS = [t.encode("utf-8") for t in seed_texts()] + [GOOD_LETTER.encode("utf-8")]
MAGIC = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"<?xml version='1.0'?>",
    b"<!DOCTYPE html>",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
]
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    """A seed (or its first part) with bytes cut out, random bytes put in, lines moved."""
    raw = draw(st.sampled_from(SEEDS))
    raw = raw[: draw(st.integers(200, 6000))]
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["cut", "insert", "lines"]))
        at = draw(st.integers(0, len(raw)))
        if op == "cut":
            raw = raw[:at] + raw[at + draw(st.integers(1, 200)) :]
        elif op == "insert":
            raw = raw[:at] + draw(st.binary(min_size=1, max_size=40)) + raw[at:]
        else:
            lines = raw.split(b"\n")
            order = draw(st.permutations(range(min(len(lines), 12))))
            raw = b"\n".join([lines[i] for i in order] + lines[len(order) :])
    return draw(st.sampled_from(MAGIC)) + raw if draw(st.booleans()) else raw


FORMAT_FIXTURES = sorted(
    (Path(__file__).resolve().parents[1] / "fixtures" / "formats").glob("00[14]_*.*")
)


@st.composite
def mutated_format_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A PDF, DOCX, XML or HTML fixture with bytes flipped, cut or cut short."""
    path = draw(st.sampled_from(FORMAT_FIXTURES))
    raw = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(raw) - 1))
        op = draw(st.sampled_from(["flip", "cut", "short"]))
        if op == "flip":
            raw[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del raw[at : at + draw(st.integers(1, 64))]
        else:
            del raw[max(at, 16) :]
        if len(raw) < 2:
            break
    return path.name, bytes(raw)


INPUTS = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=500)).map(b"".join),
    mutated_seed(),
)


def read_and_extract(raw: bytes, name: str = "fuzz.txt") -> None:
    try:
        doc = parse_source(Path(name), raw)
    except UnreadableSource as exc:
        assert str(exc).startswith(f"{name}: ") and len(str(exc)) > len(f"{name}: ")
        return
    sha = hashlib.sha256(raw).hexdigest()
    source = SourceInfo("fuzz.txt", sha, doc.format, doc.flavour, "sources/x.txt", len(doc.lines))
    letter = extract_letter(doc, source, "fuzz", CATALOGUES)
    for item in letter.unplaced:
        assert 1 <= item.span.start <= item.span.end <= len(doc.lines)
    dump_letter(letter)


@FUZZ
@given(INPUTS)
def test_readers_and_extractors_never_raise_anything_else(raw: bytes) -> None:
    read_and_extract(raw)


@FUZZ
@given(mutated_seed())
def test_mutated_seeds_read_or_refuse(raw: bytes) -> None:
    read_and_extract(raw)


@FUZZ
@given(mutated_format_file())
def test_mutated_pdf_docx_xml_html_read_or_refuse(named: tuple[str, bytes]) -> None:
    read_and_extract(named[1], named[0])


YAML_WORDS = st.sampled_from(
    ["id:", "kind:", "- ", "  ", "\t", "{", "}", "[", "]", "&a", "*a", "!!python/object:os.system",
     "!!binary", "? ", ": ", "|", ">", "'", '"', "\n", "#", "---", "...", "%YAML 1.1", "1-2", "null",
     "<<: *a", "2024-01-01", "~", ",", "é", "\x00", "\ufeff"]
)  # fmt: skip
YAML_TEXT = st.one_of(st.text(max_size=400), st.lists(YAML_WORDS, max_size=60).map("".join))


@FUZZ
@given(YAML_TEXT)
@example("? 0:")  # a mapping as a key once raised TypeError
@example("? [a, b]\n: 1")
@example("a: &x 1\nb: *x\n" + "c: [*x, *x, *x]\n" * 50)
def test_yaml_loader_gives_data_or_a_content_error(text: str) -> None:
    try:
        load_yaml(text, "fuzz.yml")
    except ContentError as exc:
        assert str(exc).startswith("fuzz.yml")


@pytest.fixture(scope="module")
def letter_yaml(seeded_template: Path) -> str:
    (path,) = sorted((seeded_template / "letters").glob("*.yml"))
    return path.read_text("utf-8")


@FUZZ
@given(data=st.data())
def test_mutated_letter_files_load_or_fail_with_file_line(
    data: st.DataObject, letter_yaml: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rows = letter_yaml.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(rows) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "edit"]))
        if op == "drop":
            del rows[at]
        elif op == "dup":
            rows.insert(at, rows[at])
        else:
            rows[at] = rows[at][: data.draw(st.integers(0, len(rows[at])))] + data.draw(YAML_TEXT)
        if not rows:
            rows = ["\n"]
    content = tmp_path_factory.mktemp("fuzzc")
    (content / "letters").mkdir()
    path = content / "letters" / "brief.yml"
    path.write_text("".join(rows), "utf-8")
    try:
        load_letter_file(path)
    except ContentError as exc:
        assert str(exc).startswith(str(path))
    for d in validate_content(content):  # never raises; every problem names the file
        assert d.path == str(path) and d.message


def test_generator_errors_are_one_family() -> None:
    assert issubclass(UnreadableSource, GeneratorError) and issubclass(ContentError, GeneratorError)
