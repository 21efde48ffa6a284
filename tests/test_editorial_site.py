"""Editors' changes on the site: real edits on a copy of the bundled content, built HTML.

Seed 002 (the undated cabinet response) gets a date, a summary, an extra topic, a stance
override and one reviewed recommendation, the way an editor writes them in the YAML.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildResult, build_site
from generator.editorial import apply_editorial, read_editorial
from generator.site import Corpus, collect_corpus
from generator.store import dump_yaml, load_letter_file, load_yaml
from tests.conftest import AXE, AXE_TAGS, REAL_CONTENT, TODAY, has_real_content, letter_id

pytestmark = pytest.mark.skipif(not has_real_content(), reason="needs the bundled content")

HOSTILE = "<script>alert(1)</script> [klik](javascript:alert(2)) {: onclick=x }"
SUMMARY = "Het kabinet neemt de brede welvaartstoets deels over. " + HOSTILE
NOTE = "Appreciatie nagelezen tegen de pdf <b>vet</b>."
REASON = "Het puntensysteem komt er niet, de regeling wordt wel aangescherpt."


def _edit(path: Path) -> None:
    data = load_yaml(path.read_text("utf-8"), str(path))
    recs = {r["id"]: r for r in data["recommendations"]}
    recs["r1"]["review"] = {"state": "reviewed", "by": "An de Vries", "date": "2025-01-10"}
    recs["r1"]["review"]["note"] = NOTE
    recs["r2"]["stance_override"] = {"stance": "partly", "reason": REASON, "by": "an"}
    recs["r3"]["review"] = {"state": "machine"}
    data["editorial"] = {
        "summary": SUMMARY,
        "extra_topics": ["statushouders"],
        "date": "2024-12-20",
        "date_source": "publicatiedatum op rijksoverheid.nl",
    }
    path.write_text(dump_yaml(data), "utf-8")


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("edited")
    content = work / "content"
    shutil.copytree(REAL_CONTENT, content)
    corpus = collect_corpus(content, TODAY)
    target = letter_id(corpus, "002")
    _edit(content / "letters" / f"{target}.yml")
    return content, target


@pytest.fixture(scope="module")
def edited_site(edited: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("edited-site")
    build_site(edited[0], work / "site", TODAY, work / "docs")
    return work / "site"


def _text(html: str) -> str:
    """What a reader sees: tags removed, character references decoded, spaces collapsed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _letter_html(site: Path, letter: str) -> str:
    return (site / "brieven" / f"{letter}.html").read_text("utf-8")


def test_read_and_apply_editorial(edited: tuple[Path, str]) -> None:
    content, target = edited
    path = content / "letters" / f"{target}.yml"
    letter, ed = apply_editorial(load_letter_file(path), read_editorial(path))
    assert letter.effective_date == "2024-12-20" and letter.date is None
    assert "statushouders" in letter.topics
    r2 = next(r for r in letter.recommendations if r.id == "r2")
    assert r2.stance is not None and r2.stance.value == "partly"
    assert ed.stances["r2"].machine is not None and ed.stances["r2"].machine.value == "rejects"
    assert ed.review("recommendations", "r1") is not None
    r3 = ed.review("recommendations", "r3")
    assert r3 is not None and not r3.reviewed
    assert ed.date_source == "publicatiedatum op rijksoverheid.nl"


def test_letter_page_shows_review_state(edited_site: Path, edited: tuple[Path, str]) -> None:
    html = _letter_html(edited_site, edited[1])
    blocks = html.split('class="kb-rec"')[1:]
    assert len(blocks) == 4
    assert "gecontroleerd door An de Vries op 10 januari 2025" in blocks[0]
    assert "Appreciatie nagelezen tegen de pdf" in blocks[0]
    assert "nog niet gecontroleerd" not in blocks[0]
    for block in blocks[1:]:
        assert "nog niet gecontroleerd" in block
    commitments = html.split('id="toezeggingen"')[1].split('id="verwijzingen"')[0]
    assert commitments.count("kb-review-open") == commitments.count('id="toezegging-')


def test_letter_page_shows_stance_override(edited_site: Path, edited: tuple[Path, str]) -> None:
    block = _letter_html(edited_site, edited[1]).split('class="kb-rec"')[2]
    assert "Brede welvaartstoets" in block
    assert re.search(r'kb-stance-partly">deels overgenomen<', block)
    text = _text(block)
    assert "standpunt aangepast door redactie (an): " + REASON in text
    assert "machine las: niet overgenomen" in text


def test_summary_date_and_topics(edited_site: Path, edited: tuple[Path, str]) -> None:
    html = _letter_html(edited_site, edited[1])
    text = _text(html)
    assert "Samenvatting van de redactie" in html
    assert "Het kabinet neemt de brede welvaartstoets deels over." in text
    assert "20 december 2024 datum door redactie; bron: publicatiedatum op rijksoverheid.nl" in text
    assert "zonder datum" not in html.split("<h1")[1].split("</h1>")[0]
    topic = (edited_site / "onderwerpen" / "statushouders.html").read_text("utf-8")
    assert f"{edited[1]}.html" in topic


def test_editor_strings_are_escaped(edited_site: Path, edited: tuple[Path, str]) -> None:
    html = _letter_html(edited_site, edited[1])
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html
    assert not re.search(r"<[^>]*onclick", html)
    assert HOSTILE in _text(html)  # shown as written
    assert "<b>vet</b>" not in html
    assert "<b>vet</b>" in _text(html)  # shown as written


def test_editor_date_everywhere(edited_site: Path, edited: tuple[Path, str]) -> None:
    timeline = (edited_site / "tijdlijn.html").read_text("utf-8")
    december = timeline.split('id="maand-2024-12"')[1].split("</section>")[0]
    assert f"{edited[1]}.html" in december
    assert 'datetime="2024-12-20"' in december and "datum door redactie" in december
    assert 'id="maand-zzzz"' not in timeline
    letters = _text((edited_site / "brieven" / "index.html").read_text("utf-8"))
    assert "20 december 2024 (datum door redactie)" in letters
    tracker = _text((edited_site / "aanbevelingen.html").read_text("utf-8"))
    assert "20 december 2024 (datum door redactie)" in tracker
    topic = _text((edited_site / "onderwerpen" / "statushouders.html").read_text("utf-8"))
    assert "20 december 2024 (datum door redactie)" in topic
    feed = (edited_site / "feeds" / "brieven.xml").read_text("utf-8")
    assert "<updated>2024-12-20T00:00:00Z</updated>" in feed


def test_review_page_after_edits(edited_site: Path, edited: tuple[Path, str]) -> None:
    html = (edited_site / "redactie.html").read_text("utf-8")
    section = html.split(f'href="brieven/{edited[1]}.html"')[1].split("<h3")[0]
    assert "datum ontbreekt" not in section
    assert "heeft geen datum" not in html


def test_review_page_lists_flags_and_date_range(site: BuildResult, corpus: Corpus) -> None:
    target = letter_id(corpus, "002")
    html = (site.site / "redactie.html").read_text("utf-8")
    text = _text(html)
    assert "datum ontbreekt" in text
    assert "heeft geen datum; waarschijnlijk na 3 december 2024" in text
    assert "editorial.dismissed_suggestions" in text
    assert f'href="brieven/{target}.html"' in html
    assert re.search(rf'href="brieven/{re.escape(target)}\.html#r\d+"', html)  # line anchors
    assert "nog niet gecontroleerd" in text.lower()
    unreviewed = text.split("Nog niet gecontroleerd")[-1].replace(" :", ":")
    for row in (
        "Antwoord op Kamervragen, 30 oktober 2025: 16 vragen, 1 toezegging",
        "Beleidsreactie, Kamerstuk nr. 222, 20 december 2024: 1 toezegging",
        "Kabinetsreactie, zonder datum: 4 aanbevelingen, 7 toezeggingen",
        "Naar een selectiever en gericht arbeidsmigratiebeleid: 18 toezeggingen",
    ):
        assert row in unreviewed, row


def test_unedited_letter_has_unreviewed_badges(site: BuildResult, corpus: Corpus) -> None:
    letter = corpus.by_id[letter_id(corpus, "000")]
    html = (site.site / "brieven" / f"{letter.id}.html").read_text("utf-8")
    assert html.count("kb-review-open") == len(letter.questions) + len(letter.commitments)


def test_collect_corpus_keeps_editorial(edited: tuple[Path, str]) -> None:
    corpus = collect_corpus(edited[0], dt.date(2025, 6, 1))
    ed = corpus.editorial_of(edited[1])
    assert ed.summary is not None and ed.summary.startswith("Het kabinet")
    assert corpus.editorial_of("no-such-letter").summary is None


def test_axe_on_pages_with_editorial_state(
    browser: Any, edited_site: Path, edited: tuple[Path, str]
) -> None:
    """The new badges, notes and summary keep WCAG 2.1 AA (contrast, structure)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    problems = []
    for path in (
        edited_site / "brieven" / f"{edited[1]}.html",
        edited_site / "tijdlijn.html",
        edited_site / "redactie.html",
    ):
        page.goto(path.resolve().as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        problems += [f"{path.name}: {v['id']}" for v in result["violations"]]
    page.close()
    assert not problems, problems
