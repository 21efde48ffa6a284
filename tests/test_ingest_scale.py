"""Ingest at scale: the process pool gives the same files and messages as one by one, and
the re-ingest cache changes nothing it should not: an edited YAML, a changed catalogue, a
deleted letter, copy or snapshot, or a changed generator means a normal ingest. The
synthetic corpus generator is deterministic. No timings here: see bench/."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from bench.corpus import generate, letter, load_pools
from generator import ingest_cache, ingest_work
from generator.cli import main
from generator.ingest import IngestReport, ingest
from generator.ingest_cache import CACHE_DIR, load_cache
from generator.progress import Progress
from generator.store import load_letter_file

from .seeds import seed_files

LETTERS = 17  # 5 seeds + 12 synthetic; the duplicate and the fake PDF are refused
REFUSED = ["kapot.pdf", "zz-dezelfde-brief.txt"]  # read again each time: nothing was kept


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and CACHE_DIR not in p.parts
    }


def messages(report: IngestReport) -> list[str]:
    return [str(d) for d in report.diagnostics]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sources")
    seeds = seed_files(folder)
    generate(folder, 12, seed=7)
    shutil.copyfile(seeds[0], folder / "zz-dezelfde-brief.txt")  # same bytes, other name
    (folder / "kapot.pdf").write_text("geen pdf", "utf-8")  # refused by its name
    return folder


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the sources extracted (in this process: use ``jobs=1``)."""
    seen: list[str] = []
    real = ingest_work.extract_source

    def spy(path: Path, *args: object) -> ingest_work.Extracted:
        seen.append(path.name)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_work, "extract_source", spy)
    return seen


@pytest.fixture(scope="module")
def first(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestReport]:
    """A content folder after the first ingest of ``sources`` (copy it before changing it)."""
    content = tmp_path_factory.mktemp("first") / "content"
    report = ingest([sources], content, jobs=1)
    assert len(report.written) == LETTERS
    return content, report


@pytest.fixture
def content(first: tuple[Path, IngestReport], tmp_path: Path) -> Path:
    dest = tmp_path / "content"
    shutil.copytree(first[0], dest)
    return dest


def test_corpus_is_deterministic_and_prefix_stable(tmp_path: Path) -> None:
    pools = load_pools()
    assert letter(pools, 3, 5) == letter(pools, 3, 5)
    assert letter(pools, 3, 5) != letter(pools, 4, 5)
    small = generate(tmp_path / "a", 4, seed=3)
    large = generate(tmp_path / "b", 6, seed=3)
    assert [p.read_bytes() for p in small] == [p.read_bytes() for p in large[:4]]
    assert {p.suffix for p in generate(tmp_path / "c", 30, seed=3)} == {".txt", ".md"}


def test_pool_writes_what_one_by_one_writes(
    sources: Path, first: tuple[Path, IngestReport], tmp_path: Path
) -> None:
    serial_content, serial = first
    pooled = ingest([sources], tmp_path / "pooled", jobs=2)
    assert messages(pooled) == messages(serial)
    assert [p.name for p in pooled.written] == [p.name for p in serial.written]
    assert "same content as" in " ".join(messages(serial))
    assert serial.failed  # the fake PDF
    assert tree(tmp_path / "pooled") == tree(serial_content)


def test_unchanged_reingest_is_a_cache_hit_with_the_same_report(
    sources: Path, first: tuple[Path, IngestReport], content: Path, extractions: list[str]
) -> None:
    before = tree(content)
    again = ingest([sources], content, jobs=1)
    assert extractions == REFUSED
    assert again.written == [] and len(again.unchanged) == LETTERS
    assert messages(again) == messages(first[1])
    assert tree(content) == before
    shutil.rmtree(content / CACHE_DIR)  # without the cache: the same outcome
    cold = ingest([sources], content, jobs=2)
    assert messages(cold) == messages(first[1])
    assert cold.unchanged == again.unchanged
    assert tree(content) == before


def edit(path: Path) -> None:
    """What an editor does: a note, and a title of their own."""
    text = path.read_text("utf-8")
    assert "\nreview:" in text and "\ntitle:" in text
    text = text.replace("\nreview:", "\neditorial:\n  note: nagekeken\nreview:", 1)
    path.write_text(text.replace("\ntitle:", "\ntitle: Door de redactie\ntitle_was:", 1), "utf-8")


def test_edited_yaml_is_merged_exactly_as_without_the_cache(
    sources: Path, content: Path, tmp_path: Path, extractions: list[str]
) -> None:
    path = sorted((content / "letters").glob("*.yml"))[2]
    edit(path)
    without = tmp_path / "without-cache"
    shutil.copytree(content, without)
    shutil.rmtree(without / CACHE_DIR)
    cached = ingest([sources], content, jobs=1)
    assert sorted(extractions) == sorted([*REFUSED, *_sources_of(content, path)])
    cold = ingest([sources], without, jobs=1)
    assert messages(cached) == messages(cold)
    assert tree(content) == tree(without)
    assert "note: nagekeken" in path.read_text("utf-8")
    extractions.clear()
    again = ingest([sources], content, jobs=1)  # the editor's text is cached from now on
    assert extractions == REFUSED
    assert messages(again) == messages(cold) and tree(content) == tree(without)


@pytest.mark.parametrize("field", ["file", "sha256"])
def test_identity_edited_in_yaml_is_read_from_the_yaml(
    field: str, sources: Path, content: Path, tmp_path: Path
) -> None:
    """An editor who changes the source name or hash in a letter: the known letters are
    what the YAML says, in later runs too (the cache does not remember the machine's), so
    a copy of that source under another name is judged as without the cache."""
    path = sorted((content / "letters").glob("*.yml"))[1]
    text = path.read_text("utf-8")
    letter = load_letter_file(path)
    old = letter.source.file if field == "file" else letter.source.sha256
    new = "hernoemd.txt" if field == "file" else "0" * 64
    path.write_text(text.replace(f"  {field}: {old}\n", f"  {field}: {new}\n", 1), "utf-8")
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copyfile(sources / letter.source.file, extra / "kopie.txt")
    without = tmp_path / "without-cache"
    shutil.copytree(content, without)
    for inputs in ([sources], [sources], [extra]):
        shutil.rmtree(without / CACHE_DIR, ignore_errors=True)
        cached = ingest(inputs, content, jobs=1)
        cold = ingest(inputs, without, jobs=1)
        assert messages(cached) == messages(cold)
        assert tree(content) == tree(without)


def _sources_of(content: Path, yaml_path: Path) -> list[str]:
    return [load_letter_file(yaml_path).source.file]


@pytest.mark.parametrize("victim", ["letters", "machine", "sources"])
def test_deleted_file_is_redone(
    victim: str,
    sources: Path,
    first: tuple[Path, IngestReport],
    content: Path,
    extractions: list[str],
) -> None:
    before = tree(content)
    yaml_path = sorted((content / "letters").glob("*.yml"))[3]
    (path,) = (content / victim).glob(f"{yaml_path.stem}.*")
    path.unlink()
    report = ingest([sources], content, jobs=1)
    assert len(extractions) == 1 + len(REFUSED)
    assert messages(report) == messages(first[1])
    assert report.written == ([yaml_path] if victim == "letters" else [])
    assert tree(content) == before


@pytest.mark.parametrize("victim", ["machine", "sources"])
def test_edited_snapshot_or_copy_is_redone(
    victim: str,
    sources: Path,
    first: tuple[Path, IngestReport],
    content: Path,
    extractions: list[str],
) -> None:
    """The cache compares the snapshot with the letter and the copy with the source byte
    for byte: one changed byte in either means that letter is ingested again."""
    before = tree(content)
    yaml_path = sorted((content / "letters").glob("*.yml"))[3]
    (path,) = (content / victim).glob(f"{yaml_path.stem}.*")
    path.write_bytes(path.read_bytes() + b" ")
    report = ingest([sources], content, jobs=1)
    assert len(extractions) == 1 + len(REFUSED)
    assert messages(report) == messages(first[1])
    assert tree(content) == before


def test_changed_catalogue_is_redone(sources: Path, content: Path, extractions: list[str]) -> None:
    topics = content / "topics.yml"
    topics.write_text(
        topics.read_text("utf-8")
        + "\n  - id: kabinet\n    label: Kabinet\n    keywords: [kabinet]\n    min_count: 1\n",
        "utf-8",
    )
    changed = ingest([sources], content, jobs=1)
    assert len(extractions) == LETTERS + 2
    assert len(changed.written) >= 10
    assert all("- kabinet" in p.read_text("utf-8") for p in changed.written)


def test_renamed_topic_needs_no_new_extraction(
    sources: Path, content: Path, extractions: list[str]
) -> None:
    """A topic's label and description are the site's: the letters only name its id."""
    topics = content / "topics.yml"
    text = topics.read_text("utf-8")
    renamed = text.replace("label: ", "label: Thema ").replace(
        "description: ", "description: Over "
    )
    assert renamed.count("label: Thema ") >= 10
    topics.write_text(renamed, "utf-8")
    before = tree(content)
    again = ingest([sources], content, jobs=1)
    assert extractions == REFUSED
    assert again.written == [] and tree(content) == before


def test_fingerprint_of_the_same_bytes_is_read_from_the_cache(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same code and catalogue bytes as the cache was saved with: its fingerprint is
    taken as it is, the topics are not loaded. Other bytes (a comment): loaded, the same
    fingerprint, the records kept, and saved again with the new bytes."""
    cache = load_cache(content)
    assert len(cache.records) == LETTERS and not cache.dirty

    def not_loaded(path: Path) -> bytes:
        raise AssertionError(f"{path.name} loaded")

    with monkeypatch.context() as patched:
        patched.setattr(ingest_cache, "_catalogue_key", not_loaded)
        quick = load_cache(content)
        assert (quick.key, quick.records) == (cache.key, cache.records)
        topics = content / "topics.yml"
        topics.write_text(topics.read_text("utf-8") + "# opmerking\n", "utf-8")
        with pytest.raises(AssertionError, match=r"topics\.yml loaded"):
            load_cache(content)
    again = load_cache(content)
    assert (again.key, again.records) == (cache.key, cache.records) and again.dirty
    again.save()
    assert not load_cache(content).dirty


def test_topic_labels_are_not_read_by_the_extractors(sources: Path, tmp_path: Path) -> None:
    """What makes the test above sound: with every label and description changed the
    extraction gives the same letters (were a label read, the cache key must include it)."""
    from generator.codec import letter_to_data
    from generator.extract.letter import load_catalogues
    from generator.ingest_work import extract_source

    renamed = tmp_path / "renamed"
    renamed.mkdir()
    original = Path(__file__).parent.parent / "content"
    text = (original / "topics.yml").read_text("utf-8")
    (renamed / "topics.yml").write_text(
        text.replace("label: ", "label: X ").replace("description: ", "description: Y "), "utf-8"
    )
    shutil.copy(original / "entities.yml", renamed / "entities.yml")
    cats = [load_catalogues(original), load_catalogues(renamed)]
    assert [t.label for t in cats[0].topics] != [t.label for t in cats[1].topics]
    for path in sorted(sources.glob("*.txt"))[:8]:
        a, b = (extract_source(path, cat, {}) for cat in cats)
        assert a.letter is not None and b.letter is not None, path.name
        assert letter_to_data(a.letter) == letter_to_data(b.letter), path.name


def test_changed_generator_is_redone(
    sources: Path,
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extractions: list[str],
) -> None:
    package = tmp_path / "generator"
    shutil.copytree(ingest_cache._PACKAGE, package, ignore=shutil.ignore_patterns("*.pyc"))
    monkeypatch.setattr(ingest_cache, "_PACKAGE", package)
    before = tree(content)
    ingest([sources], content, jobs=1)
    assert extractions == REFUSED  # the same code elsewhere: the same fingerprint
    (package / "extract" / "topics.py").write_text("# changed\n", "utf-8")
    ingest([sources], content, jobs=1)
    assert len(extractions) == LETTERS + 2 * len(REFUSED)  # changed code: all again
    assert tree(content) == before


def test_broken_cache_is_ignored(
    sources: Path, first: tuple[Path, IngestReport], content: Path, extractions: list[str]
) -> None:
    (content / CACHE_DIR / "ingest.json").write_text('{"fingerprint": 1, "records": [[', "utf-8")
    report = ingest([sources], content, jobs=1)
    assert len(extractions) == LETTERS + 2
    assert messages(report) == messages(first[1])
    assert (content / CACHE_DIR / ".gitignore").read_text("utf-8") == "*\n"


def test_progress_line_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown, hidden = Terminal(), io.StringIO()
    for stream in (shown, hidden):
        bar = Progress("ingest", 3, stream)
        for _ in range(3):
            bar.advance(1, 2_000_000)
        bar.close()
    assert hidden.getvalue() == ""
    assert "ingest: 3/3  6.0 MB" in shown.getvalue()
    assert shown.getvalue().endswith("\r\033[K")


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["ingest", "-j", "0", "--content", str(tmp_path / "c"), str(tmp_path)])
    assert "not a positive number: '0'" in capsys.readouterr().err


def test_cache_that_cannot_be_saved_is_a_warning(
    sources: Path, first: tuple[Path, IngestReport], content: Path
) -> None:
    shutil.rmtree(content / CACHE_DIR)
    (content / CACHE_DIR).write_text("geen map", "utf-8")
    report = ingest([sources], content, jobs=1)
    *same, last = messages(report)
    assert same == messages(first[1])
    assert last.startswith(f"{content / CACHE_DIR}: warning: cannot save: ")
    assert len(report.unchanged) == LETTERS
