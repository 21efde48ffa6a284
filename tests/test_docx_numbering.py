"""Word's automatic numbering and endnotes (generator/sources/docx.py).

Ministries' answer documents often number "Vraag 1" / "Antwoord 1" with Word's list
numbering, so the words and numbers are in the numbering part, not in the text; some
letters use endnotes instead of footnotes. Both documents here are built with python-docx
the way Word stores them.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from generator.diagnostics import UnreadableSource
from generator.ingest import ingest
from generator.sources.docx import read_docx
from generator.store import load_yaml

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ENDNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
REPO_CONTENT = Path(__file__).parent.parent / "content"


def _numbering(document: Any, abstract_id: int, num_id: int, levels: str, start: int = 0) -> None:
    """An abstract list definition and a list instance of it in the numbering part."""
    numbering = document.part.numbering_part.element
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        if start
        else ""
    )
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{override}</w:num>"
        )
    )


def _level(ilvl: int, fmt: str, text: str, suffix: str = "tab") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/></w:lvl>'
    )


def _numbered(document: Any, text: str, num_id: int, ilvl: int = 0) -> Any:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return p


def _endnote_reference(paragraph: Any, note_id: int) -> None:
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:endnoteReference {W_NS} w:id="{note_id}"/>'))


def _endnotes(document: Any, notes: dict[int, str]) -> None:
    body = "".join(
        f'<w:endnote w:id="{k}"><w:p><w:r><w:endnoteRef/></w:r><w:r>'
        f'<w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:endnote>'
        for k, text in notes.items()
    )
    xml = (
        f'<w:endnotes {W_NS}><w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
        f"</w:r></w:p></w:endnote>{body}</w:endnotes>"
    )
    part = Part(PackURI("/word/endnotes.xml"), ENDNOTES_CT, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.ENDNOTES)


def _answers_document() -> bytes:
    document = docx.Document()
    _numbering(document, 90, 91, _level(0, "decimal", "Vraag %1"))
    _numbering(document, 92, 93, _level(0, "decimal", "Antwoord %1"))
    document.add_paragraph(
        "Antwoorden van de minister van Sociale Zaken en Werkgelegenheid op vragen van het "
        "lid Van Dijk over arbeidsmigranten in de vleessector"
    )
    document.add_paragraph("Datum 3 februari 2025")
    qa = [
        (
            "Bent u bekend met het bericht over de huisvesting van arbeidsmigranten?",
            "Ja, ik ben bekend met dit bericht.",
        ),
        (
            "Hoeveel arbeidsmigranten werken in de vleessector?",
            "Naar schatting werken er ruim 20.000 arbeidsmigranten in de vleessector.",
        ),
        (
            "Bent u bereid de Kamer voor de zomer te informeren over de inspecties?",
            "Ja, ik informeer de Kamer voor de zomer van 2025 over de uitkomsten.",
        ),
    ]
    for question, answer in qa:
        _numbered(document, question, 91)
        paragraph = _numbered(document, answer, 93)
    _endnote_reference(paragraph, 1)
    _endnotes(document, {1: "Kamerstukken II 2024/25, 29861, nr. 129."})
    document.add_paragraph("De Minister van Sociale Zaken en Werkgelegenheid,")
    document.add_paragraph("Y.J. van Hijum")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_numbering_labels_and_endnotes_are_read() -> None:
    doc = read_docx("antwoorden.docx", _answers_document())
    texts = [b.text for b in doc.blocks]
    assert (
        "Vraag 1 Bent u bekend met het bericht over de huisvesting van arbeidsmigranten?" in texts
    )
    assert (
        "Antwoord 2 Naar schatting werken er ruim 20.000 arbeidsmigranten in de vleessector."
        in texts
    )
    assert (
        texts.count(
            "Vraag 3 Bent u bereid de Kamer voor de zomer te informeren over de inspecties?"
        )
        == 1
    )
    assert any(t.startswith("Antwoord 3 Ja, ik informeer") and t.endswith("[^1]") for t in texts)
    assert [(f.number, f.text) for f in doc.footnotes] == [
        (1, "Kamerstukken II 2024/25, 29861, nr. 129.")
    ]


def test_numbered_questions_and_answers_are_extracted(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("topics.yml", "entities.yml"):
        shutil.copy(REPO_CONTENT / name, content / name)
    source = tmp_path / "antwoorden.docx"
    source.write_bytes(_answers_document())
    report = ingest([source], content)
    assert not report.failed
    (path,) = (content / "letters").glob("*.yml")
    data = load_yaml(path.read_text("utf-8"), str(path))
    assert [(q["number"], q["answer"]) for q in data["questions"]] == [
        (1, "Ja, ik ben bekend met dit bericht."),
        (2, "Naar schatting werken er ruim 20.000 arbeidsmigranten in de vleessector."),
        (3, "Ja, ik informeer de Kamer voor de zomer van 2025 over de uitkomsten.[^1]"),
    ]
    assert data["questions"][2]["question"] == (
        "Bent u bereid de Kamer voor de zomer te informeren over de inspecties?"
    )
    assert [f["text"] for f in data["footnotes"]] == ["Kamerstukken II 2024/25, 29861, nr. 129."]


def test_levels_formats_restarts_and_styles() -> None:
    document = docx.Document()
    levels = (
        _level(0, "decimal", "%1.")
        + _level(1, "lowerLetter", "%2)")
        + _level(2, "lowerRoman", "%1.%2.%3", suffix="space")
        + _level(3, "bullet", "\uf0b7")
        + _level(4, "none", "", suffix="nothing")
    )
    _numbering(document, 80, 81, levels)
    _numbering(document, 80, 82, levels, start=4)  # a second list of the same kind from 4
    for text, num, ilvl in [
        ("eerste", 81, 0),
        ("onder a", 81, 1),
        ("onder b", 81, 1),
        ("diep", 81, 2),
        ("punt", 81, 3),
        ("zonder label", 81, 4),
        ("tweede", 81, 0),
        ("weer a", 81, 1),
        ("vanaf vier", 82, 0),
    ]:
        _numbered(document, text, num, ilvl)
    document.add_paragraph("stijl met nummering", style="List Number")
    document.add_paragraph("stijl met nummering, twee", style="List Number")
    document.add_paragraph("Gewone alinea zonder nummer.")
    out = io.BytesIO()
    document.save(out)
    doc = read_docx("lijst.docx", out.getvalue())
    assert [b.text for b in doc.blocks] == [
        "1. eerste",
        "a) onder a",
        "b) onder b",
        "1.b.i diep",
        "• punt",
        "zonder label",
        "2. tweede",
        "a) weer a",
        "4. vanaf vier",
        "1. stijl met nummering",
        "2. stijl met nummering, twee",
        "Gewone alinea zonder nummer.",
    ]
    assert [b.kind.value for b in doc.blocks][:2] == ["item", "item"]


@pytest.mark.parametrize("part", ["word/numbering.xml", "word/endnotes.xml"])
def test_a_broken_numbering_or_endnotes_part_is_refused(part: str) -> None:
    broken = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_answers_document())) as src,
        zipfile.ZipFile(broken, "w") as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, b"<w:x" if info.filename == part else src.read(info.filename))
    with pytest.raises(UnreadableSource, match=r"^kapot.docx: broken Word document"):
        read_docx("kapot.docx", broken.getvalue())
