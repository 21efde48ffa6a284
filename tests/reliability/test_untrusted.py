"""Untrusted letter text all the way to the browser: a letter whose title, paragraphs,
questions and answers hold HTML, JavaScript, javascript: links, Jinja and pymdownx snippet
lines is ingested and built through the CLI; the pages show it as text, nothing is
evaluated, expanded or included. (The site's own tests/test_safety.py covers the
renderer with hostile model objects; this is the same from a source file on.)"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.store import load_letter_file
from tests.htmlscan import scan

from .conftest import Run

HOSTILE_LINES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% include '/etc/passwd' %}",
    '--8<-- "/etc/passwd"',
    ";--8<--",
    "--8<-- ../../../../etc/hostname",
]

LETTER = textwrap.dedent(
    """\
    Datum 3 maart 2025
    Betreft Antwoord op vragen over <script>alert(1)</script> en {{ 7*7 }}

    Vraag 1
    Klopt het dat <img src=x onerror=alert(1)> en [x](javascript:alert(1)) werken?

    Antwoord 1
    Nee. {% include '/etc/passwd' %} wordt niet uitgevoerd.

    Vraag 2
    Wat doet de volgende regel?

    Antwoord 2
    {body}

    De Minister van Sociale Zaken en Werkgelegenheid,

    Y.J. van Hijum
    """
).replace("{body}", "\n".join(HOSTILE_LINES))

SLUG_PAGE = re.compile(r"^[a-z0-9-]+\.html$")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    from generator.cli import main

    base = tmp_path_factory.mktemp("untrusted")
    source = base / "in" / "vijandig <script>.txt"
    source.parent.mkdir()
    source.write_text(LETTER, encoding="utf-8")
    content = base / "content"
    assert main(["ingest", "-q", "--content", str(content), str(source)]) == 0
    (yml,) = sorted((content / "letters").glob("*.yml"))
    site = base / "site"
    args = ["--out", str(site), "--docs", str(base / "docs"), "--today", "2025-06-01"]
    assert main(["build", "--content", str(content), *args]) == 0
    return site, base / "docs", load_letter_file(yml).id


def test_ids_and_page_names_use_a_fixed_alphabet(built: tuple[Path, Path, str]) -> None:
    site, _, letter_id = built
    assert re.fullmatch(r"[a-z0-9-]+", letter_id)
    assert (site / "brieven" / f"{letter_id}.html").exists()
    for page in (site / "brieven").glob("*.html"):
        assert SLUG_PAGE.match(page.name), page


def test_hostile_text_is_shown_as_text_on_the_letter_page(
    built: tuple[Path, Path, str],
) -> None:
    site, _, letter_id = built
    page = site / "brieven" / f"{letter_id}.html"
    visible = " ".join("".join(scan(page).text).split())
    for line in HOSTILE_LINES:
        assert line in visible, line
    raw = page.read_text("utf-8")
    assert "<script>alert" not in raw and "<img src=x" not in raw


def test_nothing_is_evaluated_expanded_or_included(built: tuple[Path, Path, str]) -> None:
    site, docs, _ = built
    passwd = Path("/etc/passwd").read_text("utf-8") if Path("/etc/passwd").exists() else ""
    first_passwd_line = passwd.splitlines()[0] if passwd else "root:x:0:0"
    for path in sorted(site.rglob("*.html")):
        s = scan(path)
        text = "".join(s.text)
        assert first_passwd_line not in text, path
        assert not re.search(r"(?<![\d.,:/-])49(?![\d.,:/-])", text), path  # {{ 7*7 }}
        for tag, attrs in s.tags:
            assert not any(k.startswith("on") for k in attrs), (path, tag, attrs)
            assert not (tag == "img" and attrs.get("src") == "x"), path
        for _, url in s.links:
            assert not url.strip().lower().startswith(("javascript", "data:text")), (path, url)
    for md in sorted(docs.rglob("*.md")):  # no snippet line survives into the Markdown
        for row in body_rows(md.read_text("utf-8")):
            assert not row.lstrip().startswith(("--8<--", ";--8<--")), (md, row)
            assert "{%" not in row and "{{" not in row, (md, row)


def body_rows(markdown: str) -> list[str]:
    """The Markdown below its front matter (the title there is a quoted YAML string that
    MkDocs only ever prints, autoescaped)."""
    rows = markdown.splitlines()
    if rows and rows[0] == "---":
        rows = rows[rows.index("---", 1) + 1 :]
    return rows


def test_ingest_keeps_the_text_verbatim(
    built: tuple[Path, Path, str], cli: Callable[..., Run]
) -> None:
    """The YAML holds the hostile text as plain strings (the loader is safe)."""
    site, _, letter_id = built
    content = site.parent / "content"
    letter = load_letter_file(content / "letters" / f"{letter_id}.yml")
    answer = " ".join(letter.questions[1].answer.split())
    for line in HOSTILE_LINES:
        assert line in answer, line
    assert cli("validate", "--content", content).code == 0


def test_site_config_has_no_file_including_extension() -> None:
    """pymdownx.snippets (``--8<--``) and template plugins would read or evaluate what a
    letter says; the site's Markdown configuration enables neither."""
    config = (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text("utf-8")
    for name in ("pymdownx.snippets", "macros", "include-markdown", "jinja"):
        assert name not in config, name
