"""The page memo (generator/pagememo.py): after any edit the docs folder is byte for byte
what a render from scratch writes, pages whose reads did not change are not rendered
again, and a memo that is missing, unreadable or from other code is not used."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator import pagememo, render, views_letter
from generator.cli import main
from generator.escape import slug
from generator.pagememo import PageMemo, TracedCorpus, Tracer
from generator.site import Resolution, collect_corpus
from tests.conftest import REAL_CONTENT, TODAY

LETTERS = REAL_CONTENT / "letters"
TITLED = "2024-11-14-naar-een-selectiever-en-gericht-arbeidsmigratiebeleid"
ANSWERED = "2025-10-30-antwoord-kamervragen-keijzer"
NR_222 = "2024-12-20-beleidsreactie-nr-222"  # the Keijzer letter's reference resolves to it
LATER = "2026-03-20-kst-32847-1407"

pytestmark = pytest.mark.skipif(not LETTERS.is_dir(), reason="needs the bundled letters")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _letter(content: Path, letter_id: str) -> Path:
    return content / "letters" / f"{letter_id}.yml"


def _answer(content: Path) -> None:
    _replace(_letter(content, ANSWERED), "  answer: Ja.\n", "  answer: Nee, niet allebei.\n")


def _title(content: Path) -> None:
    _replace(_letter(content, TITLED), "title: Naar een selectiever", "title: Naar een strenger")


def _referenced_title(content: Path) -> None:
    """A title that the Keijzer letter's page shows through its reference."""
    _replace(_letter(content, NR_222), "title: null", "title: Reactie op nummer 222")


def _fulfilled(content: Path) -> None:
    """A commitment fulfilled by a later letter (editorial), whose title is then edited."""
    due = "  due_date: '2025-07-01'\n  lines: 163-165\n"
    _replace(_letter(content, NR_222), due, f"{due}  fulfilled_by: {LATER}\n")
    _replace(_letter(content, LATER), "title: null", "title: Het latere bericht")


def _summary(content: Path) -> None:
    path = _letter(content, ANSWERED)
    path.write_text(path.read_text("utf-8") + "editorial:\n  summary: Kort gezegd, nee.\n", "utf-8")


def _topic_label(content: Path) -> None:
    _replace(content / "topics.yml", "label: Arbeidsmigratie\n", "label: Arbeidsmigratie en werk\n")


# edit -> (a page it must change, a text that page then holds)
EDITS = {
    "answer": (_answer, f"brieven/{ANSWERED}.md", "Nee, niet allebei."),
    "title": (_title, "brieven/index.md", "Naar een strenger"),
    "referenced-title": (_referenced_title, f"brieven/{ANSWERED}.md", "Reactie op nummer 222"),
    "fulfilled-by-later-letter": (_fulfilled, f"brieven/{NR_222}.md", "Het latere bericht"),
    "editorial-summary": (_summary, f"brieven/{ANSWERED}.md", "Kort gezegd, nee."),
    "topic-label": (_topic_label, f"brieven/{TITLED}.md", "Arbeidsmigratie en werk"),
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    return folder


class _Memos:
    """The page memos write_docs makes (to look at what they kept and ran)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.made: list[PageMemo] = []
        made = self.made

        class Recorded(PageMemo):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                made.append(self)

        monkeypatch.setattr(render, "PageMemo", Recorded)

    @property
    def last(self) -> PageMemo:
        return self.made[-1]


def _render(content: Path, work: Path, today: dt.date = TODAY, reuse: bool = True) -> set[str]:
    """write_docs as the build calls it (memo in ``work/state``); the files written."""
    written: set[str] = set()
    corpus = collect_corpus(content, today)
    render.write_docs(corpus, work / "docs", None, written, work / "state", reuse)
    return written


def _scratch(content: Path, folder: Path, today: dt.date = TODAY) -> dict[str, bytes]:
    render.write_docs(collect_corpus(content, today), folder / "docs")
    return _files(folder / "docs")


def _ran(memo: PageMemo) -> list[tuple[str, tuple[Any, ...]]]:
    return sorted((run.key[0].rsplit(".", 1)[1], run.key[1]) for run in memo.runs)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_renders_the_docs_a_render_from_scratch_writes(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    memos = _Memos(monkeypatch)
    work = tmp_path / "work"
    _render(content, work, reuse=False)
    before = _files(work / "docs")
    change, page, text = EDITS[edit]
    change(content)
    written = _render(content, work)
    assert _files(work / "docs") == _scratch(content, tmp_path / "scratch")
    now = _files(work / "docs")
    assert text in now[page].decode("utf-8") and text not in before[page].decode("utf-8")
    assert page in written
    assert written == {p for p in now if before.get(p) != now[p]}
    memo = memos.last
    assert memo.kept and len(memo.kept) + len({r.key for r in memo.runs}) > len(memo.kept)


def test_today_changed_renders_the_docs_a_render_from_scratch_writes(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memos = _Memos(monkeypatch)
    work = tmp_path / "work"
    _render(content, work, reuse=False)
    later = TODAY + dt.timedelta(days=400)  # commitments due in between are overdue then
    before = _files(work / "docs")
    _render(content, work, later)
    now = _files(work / "docs")
    assert now == _scratch(content, tmp_path / "scratch", later)
    assert now["toezeggingen.md"] != before["toezeggingen.md"]
    assert memos.last.kept  # pages that do not show today's date or a status stand


def test_a_kept_unit_is_not_rendered_again(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memo really skips work: nothing changed, no letter view is built; one answer
    changed, exactly the units that read that letter's questions run again."""
    memos = _Memos(monkeypatch)
    views: list[str] = []
    real_view = views_letter.letter_view

    def counted(corpus: Any, letter: Any) -> dict[str, Any]:
        views.append(letter.id)
        return real_view(corpus, letter)

    monkeypatch.setattr(render, "letter_view", counted)
    work = tmp_path / "work"
    _render(content, work, reuse=False)
    assert len(views) == 5 and len(memos.last.runs) > 50
    views.clear()
    assert _render(content, work) == set()
    pages = {p for p in _files(work / "docs") if p.endswith(".md")}
    assert views == [] and memos.last.runs == []
    assert memos.last.kept == pages - {"brieven/index.md"}  # made outside the units
    _answer(content)
    _render(content, work)
    assert views == [ANSWERED]
    # the letter's page, its review counts, the review page and its topics' pages (they
    # list its questions): nothing else
    letter = collect_corpus(content, TODAY).by_id[ANSWERED]
    ids = tuple(x.id for x in collect_corpus(content, TODAY).letters)
    assert _ran(memos.last) == [
        ("_letter_unit", (ANSWERED,)),
        ("_review_unit", ("redactie.md", "", ids)),
        *[("_topic_unit", (slug(t),)) for t in sorted(letter.topics)],
        ("review_counts", (ANSWERED,)),
    ]


def test_a_memo_missing_unreadable_or_from_other_code_is_not_used(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memos = _Memos(monkeypatch)
    work = tmp_path / "work"
    _render(content, work, reuse=False)
    units = len(memos.last.runs)
    memo_file = work / "state" / pagememo.MEMO_FILE
    memo_file.write_bytes(b"not a pickle")
    _render(content, work)
    assert len(memos.last.runs) == units and not memos.last.kept
    _render(content, work)
    assert memos.last.runs == []  # the memo written again is used
    monkeypatch.setattr(pagememo, "memo_fingerprint", lambda: "other code")
    _render(content, work)
    assert len(memos.last.runs) == units and not memos.last.kept
    memo_file.unlink()
    _render(content, work)
    assert len(memos.last.runs) == units
    assert _files(work / "docs") == _scratch(content, tmp_path / "scratch")


def test_a_kept_page_changed_in_the_docs_folder_is_rendered_again(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memos = _Memos(monkeypatch)
    work = tmp_path / "work"
    _render(content, work, reuse=False)
    page = work / "docs" / "brieven" / f"{TITLED}.md"
    right = page.read_bytes()
    page.write_bytes(right.replace(b"Naar een selectiever", b"Naar een andere"))
    assert _render(content, work) == {f"brieven/{TITLED}.md"}
    assert page.read_bytes() == right
    assert _ran(memos.last) == [("_letter_unit", (TITLED,))]


def test_the_traced_corpus_has_only_what_is_traced() -> None:
    """A view that starts reading an untraced part of the corpus fails (it is not
    silently left out of the pages' keys)."""
    corpus = collect_corpus(REAL_CONTENT, TODAY)
    traced = TracedCorpus(Tracer(corpus))
    for name in ("files", "editorial", "diagnostics", "content", "suggestions", "_papers"):
        with pytest.raises(AttributeError):
            getattr(traced, name)
    letter = traced.letters[0]
    assert letter.title == corpus.letters[0].title
    tracer = traced._tracer
    assert list(tracer.reads) == [("letters",), ("L", corpus.letters[0].id, "title")]


def test_an_incremental_build_after_such_edits_is_a_full_build(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole site (MkDocs, search) after edits that reach pages through other letters
    and a new date: the same as a --full build."""
    work = tmp_path / "work"

    def build(folder: Path, today: dt.date, *extra: str) -> None:
        args = ["build", "--content", str(content), "--out", str(folder / "site")]
        args += ["--docs", str(folder / "docs"), "--today", today.isoformat(), *extra]
        assert main(args) == 0

    build(work, TODAY)
    for edit in ("referenced-title", "fulfilled-by-later-letter", "topic-label"):
        EDITS[edit][0](content)
    later = TODAY + dt.timedelta(days=30)
    build(work, later)
    assert (work / "state" / pagememo.MEMO_FILE).is_file()
    build(tmp_path / "scratch", later, "--full")
    for folder in ("docs", "site"):
        assert _files(work / folder) == _files(tmp_path / "scratch" / folder), folder
    page = _files(work / "site")[f"brieven/{NR_222}.html"].decode("utf-8")
    assert "Het latere bericht" in page and "nagekomen" in page


def test_small_values_are_compared_as_themselves() -> None:
    """A key's value is kept as itself when small and plain (its type with it), else as
    a digest: equal values give equal fingerprints, different ones different."""
    fingerprint = pagememo.fingerprint
    assert fingerprint(1) != fingerprint(True) and fingerprint(0) != fingerprint(False)
    assert fingerprint("1") != fingerprint(1) and fingerprint(None) == ("NoneType", None)
    assert fingerprint(("a", "b")) == ("tuple", ("a", "b")) != fingerprint(("a", "c"))
    found = Resolution("2024-11-14-brief", None)
    assert fingerprint(found) == fingerprint(Resolution("2024-11-14-brief", None))
    assert fingerprint(found) != fingerprint(Resolution("2024-11-14-brief", None, True))
    assert fingerprint(found) != fingerprint(Resolution(None, "https://example.org"))
    mixed = ("a", 1)
    assert fingerprint(mixed) == pagememo.digest(mixed) != fingerprint(("a", 2))
    assert fingerprint({"a": 1}) == pagememo.digest({"a": 1})


def test_a_letter_version_is_its_file_digest_when_known() -> None:
    """The same file text, the same data: the version is the file's digest; without it,
    the data's. One is never taken for the other."""
    data = {"id": "x"}
    by_file = pagememo._version(data, b"\x01" * 32)
    assert by_file == pagememo._version({"id": "y"}, b"\x01" * 32)
    assert by_file != pagememo._version(data, None) == pagememo._version(data, None)
    assert pagememo._version(data, None) != pagememo._version({"id": "y"}, None)
