"""Incremental site build: after an edit the site is byte for byte what a full build of
the same content writes (search index, sitemap, feeds, export and Pagefind included), and
anything global (configuration, templates, the generator's code) forces a full build."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator import build, incremental, mkdocs_run, pagememo, render
from generator.build import BuildResult, build_site
from generator.cli import main
from generator.dates import epoch_of
from generator.site import Corpus
from generator.validate import validate_content
from generator.validate_cache import CACHE_FILE, LetterCache
from tests.conftest import REAL_CONTENT, TODAY

LETTERS = "letters"
TITLED = "2024-11-14-naar-een-selectiever-en-gericht-arbeidsmigratiebeleid.yml"
RENDER_PAGES = render.render_pages
ANSWERED = "2025-10-30-antwoord-kamervragen-keijzer.yml"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _edit(content: Path, name: str, old: str, new: str) -> None:
    path = content / LETTERS / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _build(content: Path, work: Path, *extra: str) -> list[str]:
    """``python -m generator build`` into ``work``; returns its summary lines."""
    args = ["build", "--content", str(content), "--out", str(work / "site")]
    args += ["--docs", str(work / "docs"), "--today", TODAY.isoformat(), *extra]
    assert main(args) == 0
    return []


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    return folder


def _summary(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [
        line
        for line in capsys.readouterr().err.splitlines()
        if line.startswith(("incrementeel", "volledig"))
    ]


@pytest.mark.parametrize("lunr", [False, True], ids=["pagefind", "lunr"])
def test_edited_letter_builds_the_same_site_as_a_full_build(
    content: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lunr: bool,
) -> None:
    """With Pagefind the web build has no lunr index; without it (``lunr``) Material's
    search index is merged from kept and rebuilt pages' entries: both as a full build."""
    if lunr:
        monkeypatch.setattr(build, "pagefind_binary", lambda: None)
    work = tmp_path / "work"
    _build(content, work)
    assert _summary(capsys) == ["volledig gebouwd"]
    first = _files(work / "site")
    _build(content, work)  # nothing changed: no page rebuilt, the same site
    assert _summary(capsys) == ["incrementeel: 0 pagina's opnieuw"]
    assert _files(work / "site") == first

    _edit(content, TITLED, "title: Naar een selectiever", "title: Naar een strenger")
    _edit(content, ANSWERED, "  answer: Ja.\n", "  answer: Nee, niet allebei.\n")
    _edit(
        content,
        TITLED,
        "  due_text: in juni 2025\n  due_date: '2025-06-30'",
        "  due_text: in juli 2025\n  due_date: '2025-07-31'",
    )
    _build(content, work)
    (line,) = _summary(capsys)
    assert line.startswith("incrementeel: ") and line != "incrementeel: 0 pagina's opnieuw"
    _build(content, tmp_path / "scratch", "--full")
    assert _summary(capsys) == ["volledig gebouwd"]

    now, scratch = _files(work / "site"), _files(tmp_path / "scratch" / "site")
    assert sorted(now) == sorted(scratch)
    assert [name for name in sorted(now) if now[name] != scratch[name]] == []
    for name in ("sitemap.xml", "feeds/brieven.xml", "data/brieven.csv"):
        assert name in now
    assert "Nee, niet allebei." in now["data/kamerbrieven.json"].decode("utf-8")
    if lunr:
        assert "Naar een strenger" in now["search/search_index.json"].decode("utf-8")
        assert not any(name.startswith("pagefind/") for name in now)
    else:
        assert "search/search_index.json" not in now
        assert any(name.startswith("pagefind/") for name in now)
    assert now != first


def test_a_topic_keyword_change_builds_the_same_site(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    _build(content, work)
    topics = content / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    old = "keywords: [kennismigra, kenniswerker, expat, "
    assert text.count(old) == 1
    topics.write_text(text.replace(old, "keywords: [kennismigra, kenniswerker, "), "utf-8")
    _build(content, work)
    _build(content, tmp_path / "scratch", "--full")
    assert _summary(capsys)[1].startswith("incrementeel: ")
    assert _files(work / "site") == _files(tmp_path / "scratch" / "site")


def _web_build(content: Path, work: Path) -> BuildResult:
    return build_site(content, work / "site", TODAY, work / "docs")


def _fake_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """mkdocs.yml with the folders the fingerprint reads, copied: edits stay in tmp."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(build.CONFIG, project / "mkdocs.yml")
    for name in ("overrides", "templates", "static"):
        shutil.copytree(build.CONFIG.parent / name, project / name)
    monkeypatch.setattr(build, "CONFIG", project / "mkdocs.yml")
    return project


@pytest.mark.parametrize(
    "changed",
    ["mkdocs.yml", "templates/letter.md.j2", "overrides/main.html", "static/kb/site.css"],
)
def test_a_global_change_forces_a_full_build(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    project = _fake_project(tmp_path, monkeypatch)
    work = tmp_path / "work"
    assert _web_build(content, work).rebuilt is None
    assert _web_build(content, work).rebuilt == 0
    path = project / changed
    path.write_bytes(path.read_bytes() + b"\n")
    assert _web_build(content, work).rebuilt is None
    assert _web_build(content, work).rebuilt == 0


def test_generator_code_date_or_address_change_forces_a_full_build(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    assert _web_build(content, work).rebuilt is None
    assert _web_build(content, work).rebuilt == 0
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: "another generator")
    assert _web_build(content, work).rebuilt is None
    assert _web_build(content, work).rebuilt == 0
    other_day = build_site(content, work / "site", TODAY.replace(day=2), work / "docs")
    assert other_day.rebuilt is None
    url = build_site(content, work / "site", TODAY, work / "docs", site_url="https://x.nl/")
    assert url.rebuilt is None


def test_touched_output_or_broken_state_means_a_full_build(content: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    _web_build(content, work)
    (work / "site" / "404.html").unlink()  # the site folder is not what the state says
    assert _web_build(content, work).rebuilt is None
    (work / "docs" / "over.md").write_text("# Over\n", encoding="utf-8")  # docs edited by hand
    assert _web_build(content, work).rebuilt is None
    (work / "state" / incremental.STATE_FILE).write_bytes(b"not a pickle")
    assert _web_build(content, work).rebuilt is None
    assert _web_build(content, work).rebuilt == 0
    assert not build_site(content, work / "site", TODAY, work / "docs", incremental=False).rebuilt


def _with_extra(monkeypatch: pytest.MonkeyPatch, extra: dict[str, str]) -> None:
    """Rendered pages with ``extra`` Markdown appended (links the content cannot make)."""

    def pages(corpus: Corpus, memo: pagememo.PageMemo | None = None) -> dict[str, str]:
        out = RENDER_PAGES(corpus, memo)
        for path, text in extra.items():
            out[path] += text
        return out

    monkeypatch.setattr(render, "render_pages", pages)
    # stands for a change of the render code, which changes the build's fingerprint (and
    # the page memo's)
    monkeypatch.setattr(build, "_nothing_to_do", lambda *_: False)
    monkeypatch.setattr(pagememo, "memo_fingerprint", lambda: repr(sorted(extra.items())))


def test_strict_link_checks_still_cover_every_page(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    one, two = sorted(p.name for p in (content / LETTERS).glob("*.yml"))[:2]
    source, target = f"brieven/{Path(one).stem}.md", f"brieven/{Path(two).stem}.md"
    link = {source: f"\n[verder]({Path(two).stem}.md#kb-proef)\n"}
    _with_extra(monkeypatch, {**link, target: "\n\n## Proef {#kb-proef}\n"})
    assert _web_build(content, work).rebuilt is None
    _with_extra(monkeypatch, link)  # the anchor goes; the linking page does not change
    with pytest.raises(build.GeneratorError, match="kb-proef"):
        _web_build(content, work)
    assert not (work / "state" / incremental.STATE_FILE).exists()
    _with_extra(monkeypatch, {})
    assert _web_build(content, work).rebuilt is None  # after a failed build: a full one


def test_a_broken_link_in_a_rebuilt_page_fails(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    assert _web_build(content, work).rebuilt is None
    _with_extra(monkeypatch, {"over.md": "\n[weg](nergens.md)\n"})
    with pytest.raises(build.GeneratorError, match=r"nergens\.md"):
        _web_build(content, work)


def test_validation_cache_gives_the_same_findings(content: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    _edit(content, ANSWERED, "  answer: Ja.\n", "  answer: 12\n")
    plain = validate_content(content)
    assert [d.message for d in plain] == [
        "questions[1].answer: should be string, not a number (put it in quotes)"
    ]
    first = LetterCache(state)
    assert validate_content(content, None, first) == plain and first.hits == 0
    first.save()
    again = LetterCache(state)
    parsed: dict[Path, dict[str, object]] = {}
    assert validate_content(content, parsed, again) == plain
    assert again.hits == len(parsed) == 5
    (state / CACHE_FILE).write_bytes(pickle.dumps(("old code", {})))
    assert LetterCache(state).entries == {}
    (state / CACHE_FILE).write_bytes(b"\x80garbage")
    assert validate_content(content, None, LetterCache(state)) == plain


@pytest.mark.parametrize(
    ("parallel", "lunr"),
    [(False, False), (True, False), (True, True)],
    ids=["one-process", "two-processes", "two-processes-lunr"],
)
def test_the_full_build_writes_what_plain_mkdocs_writes(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool, lunr: bool
) -> None:
    """generator/mkdocs_run.py follows mkdocs.commands.build.build: the same site, also
    when a forked helper builds every second page (search index merged in page order)."""
    monkeypatch.setattr(mkdocs_run, "PARALLEL_MIN", 1 if parallel else 10**9)
    if lunr:
        monkeypatch.setattr(build, "pagefind_binary", lambda: None)
    result = _web_build(content, tmp_path / "ours")
    assert result.rebuilt is None  # a full build
    ours = result.site
    docs, plain = tmp_path / "ours" / "docs", tmp_path / "plain"
    env = {
        "SOURCE_DATE_EPOCH": str(epoch_of(TODAY)),
        "KB_OFFLINE": "false",
        "KB_LUNR": "false" if build.pagefind_binary() else "true",  # as the web build
        "KB_SITE_URL": "",
    }
    with build._env({**env, "NO_MKDOCS_2_WARNING": "1"}):
        config = load_config(
            config_file=str(build.CONFIG),
            docs_dir=str(docs.resolve()),
            site_dir=str(plain.resolve()),
            strict=True,
        )
        mkdocs_build(config)
    mine = {k: v for k, v in _files(ours).items() if not k.startswith("pagefind/")}
    assert mine == _files(plain)


def test_a_broken_link_on_a_helper_page_fails_the_parallel_build(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Warnings the forked helper logs reach strict mode and the error message."""
    monkeypatch.setattr(mkdocs_run, "PARALLEL_MIN", 1)
    shares: list[list[str]] = []
    start = mkdocs_run._Helper.start

    def recording(*args: Any) -> mkdocs_run._Helper | None:
        shares.append([file.src_uri for file in args[-1]])
        return start(*args)

    monkeypatch.setattr(mkdocs_run._Helper, "start", recording)
    _web_build(content, tmp_path / "first")
    (share,) = shares
    assert len(share) > 10
    letter = next(uri for uri in share if uri.startswith("brieven/2"))
    _with_extra(monkeypatch, {letter: "\n[weg](nergens.md)\n"})
    with pytest.raises(build.GeneratorError, match=r"nergens\.md"):
        _web_build(content, tmp_path / "second")
    assert len(shares) == 2


def test_nothing_changed_is_known_without_rendering(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same content folder, code, configuration and output: the build stops at once (no
    letter read, no page written); any edit in the content folder means a real build."""
    work = tmp_path / "work"
    first = _web_build(content, work)
    site = _files(work / "site")

    def no_render(*_: object) -> None:
        raise AssertionError("rendered although nothing changed")

    with monkeypatch.context() as m:
        m.setattr(build, "collect_corpus", no_render)
        again = _web_build(content, work)
    assert (again.rebuilt, again.pages, again.letters) == (0, first.pages, first.letters)
    assert again.search is not None and again.search.files == first.search.files  # type: ignore[union-attr]
    assert _files(work / "site") == site
    _edit(content, ANSWERED, "  answer: Ja.\n", "  answer: Ja, zeker.\n")
    edited = _web_build(content, work)
    assert edited.rebuilt == 1 and _files(work / "site") != site
    cache = content / ".cache"
    cache.mkdir(exist_ok=True)
    (cache / "ingest.json").write_text("{}", "utf-8")  # the ingest cache is not read
    with monkeypatch.context() as m:
        m.setattr(build, "collect_corpus", no_render)
        assert _web_build(content, work).rebuilt == 0


def test_404_and_sitemap_are_written_again_only_when_a_navigation_page_changed(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They show the navigation and the list of pages (the same set, or a full build)."""
    written: list[str] = []  # the theme keeps them in a set: any order
    theme_template = mkdocs_run._build_theme_template

    def counting(name: str, *args: Any) -> None:
        written.append(name)
        theme_template(name, *args)

    monkeypatch.setattr(mkdocs_run, "_build_theme_template", counting)
    work = tmp_path / "work"
    _web_build(content, work)
    assert sorted(written) == ["404.html", "sitemap.xml"]
    _edit(content, ANSWERED, "  answer: Ja.\n", "  answer: Nee.\n")  # its own page only
    assert _web_build(content, work).rebuilt == 1
    assert sorted(written) == ["404.html", "sitemap.xml"]
    _edit(content, TITLED, "title: Naar een selectiever", "title: Naar een strenger")
    docs = _files(work / "docs")
    again = _web_build(content, work)
    changed = {k for k, v in _files(work / "docs").items() if docs.get(k) != v}
    pages = {name for name in changed if name.endswith(".md")}
    assert "brieven/index.md" in pages and again.rebuilt == len(pages)  # in the navigation
    assert sorted(written) == ["404.html", "404.html", "sitemap.xml", "sitemap.xml"]
    scratch = tmp_path / "scratch"
    build_site(content, scratch / "site", TODAY, scratch / "docs", incremental=False)
    assert _files(work / "site") == _files(scratch / "site")


def test_the_cli_knows_nothing_changed_from_the_validated_letters(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The content manifest takes the letters' digests from the validation (the text it
    parsed) instead of reading the files again: an unchanged folder is still nothing to
    do, an edit is still seen."""
    name = f"{LETTERS}/{ANSWERED}"
    bogus = bytes(range(32))
    _, plain = incremental.content_manifest(content)
    _, known = incremental.content_manifest(content, {ANSWERED: bogus})
    assert known[name] == (plain[name][0], int.from_bytes(bogus[:8], "big"))
    assert {k: v for k, v in known.items() if k != name} == {
        k: v for k, v in plain.items() if k != name
    }
    work = tmp_path / "work"
    _build(content, work)

    def no_render(*_: object) -> None:
        raise AssertionError("letters collected although nothing changed")

    with monkeypatch.context() as m:
        m.setattr(build, "collect_corpus", no_render)
        _build(content, work)
    _edit(content, ANSWERED, "  answer: Ja.\n", "  answer: Ja, zeker.\n")
    _build(content, work)
    assert _summary(capsys) == [
        "volledig gebouwd",
        "incrementeel: 0 pagina's opnieuw",
        "incrementeel: 1 pagina's opnieuw",
    ]


def test_a_navigation_title_from_the_page_heading_is_read_when_not_rebuilt(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged page in the navigation is not rendered again when the configuration
    or its metadata gives its title; without either (``- over.md``) its heading does."""
    project = _fake_project(tmp_path, monkeypatch)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  - Over: over.md\n") == 1
    config.write_text(text.replace("  - Over: over.md\n", "  - over.md\n"), "utf-8")
    rendered: list[str] = []
    populate = mkdocs_run._populate_page

    def counting(page: Any, *args: Any) -> None:
        rendered.append(page.file.src_uri)
        populate(page, *args)

    monkeypatch.setattr(mkdocs_run, "_populate_page", counting)
    work = tmp_path / "work"
    _web_build(content, work)
    rendered.clear()
    _edit(content, ANSWERED, "  answer: Ja.\n", "  answer: Nee.\n")
    assert _web_build(content, work).rebuilt == 1
    page = f"brieven/{Path(ANSWERED).stem}.md"
    assert sorted(rendered) == sorted([page, "over.md"])  # no other navigation page
    html = (work / "site" / f"brieven/{Path(ANSWERED).stem}.html").read_text("utf-8")
    assert "Over deze site" in html
    scratch = tmp_path / "scratch"
    build_site(content, scratch / "site", TODAY, scratch / "docs", incremental=False)
    assert _files(work / "site") == _files(scratch / "site")


def test_compiled_theme_templates_are_kept_and_a_broken_one_is_compiled_again(
    content: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    (work / "state" / "templates-of-another-build").mkdir(parents=True)
    _web_build(content, work)
    (folder,) = (work / "state").glob("templates-*")  # the other one removed
    compiled = sorted(folder.glob("__jinja2_*.cache"))
    assert len(compiled) > 10  # main.html, base.html, the partials
    for path in compiled:
        path.write_bytes(b"\x80garbage")
    _edit(content, ANSWERED, "  answer: Ja.\n", "  answer: Nee.\n")
    assert _web_build(content, work).rebuilt == 1
    assert sorted(folder.glob("__jinja2_*.cache")) == compiled
    again = [p for p in compiled if not p.read_bytes().startswith(b"\x80garbage")]
    assert len(again) > 10  # the page's templates (404.html, sitemap.xml: not built)
    scratch = tmp_path / "scratch"
    build_site(content, scratch / "site", TODAY, scratch / "docs", incremental=False)
    assert _files(work / "site") == _files(scratch / "site")
