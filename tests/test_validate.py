"""``validate``: broken YAML and broken meaning, each reported on the file's real line."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from generator.schema import schema_path
from generator.validate import cmd_validate, validate_content
from tests.review_support import (
    commitment,
    edited,
    letter_000,
    letter_002,
    letter_003,
    rec,
    write_content,
)

DUE = "  due_date: '2025-02-30'"
MISSPELT = "  fulfiled_by: '002'"
OWN = "  fulfilled_by: '003'"
NOWHERE = "  fulfilled_by: 009"


def _messages(content: Path) -> list[str]:
    return [str(d).replace(f"{content}/", "") for d in validate_content(content)]


def _line(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_shipped_schemas_are_valid_draft_2020_12() -> None:
    for name in ("letter", "vocabulary"):
        Draft202012Validator.check_schema(json.loads(schema_path(name).read_text()))


def test_clean_content_has_no_problems(tmp_path: Path, capsys: object) -> None:
    content = write_content(tmp_path, [letter_000(), letter_002(), letter_003()])
    assert validate_content(content) == []
    assert cmd_validate(content) == 0


def test_editorial_fields_are_valid(tmp_path: Path) -> None:
    d2, d3 = letter_002(), letter_003()
    rec(d2, "r2")["stance_override"] = {"stance": "partly", "reason": "Wel aanscherping."}
    rec(d2, "r2")["review"] = {"state": "reviewed", "by": "an", "date": "2025-01-10", "note": None}
    commitment(d3, "c1")["fulfilled_by"] = "002"
    d2["editorial"] = {
        "summary": "Kabinet neemt de toets niet over.",
        "extra_topics": ["kennismigratie"],
        "date": "2024-12-20",
        "date_source": "publicatiedatum rijksoverheid.nl",
    }
    content = write_content(tmp_path, [d2, d3])
    assert _messages(content) == []


def test_syntax_error_duplicate_key_and_tab(tmp_path: Path) -> None:
    content = write_content(tmp_path, [])
    letters = content / "letters"
    (letters / "004.yml").write_text("schema: 1\nid: '004'\ntitle: a\ntitle: b\n", "utf-8")
    (letters / "005.yml").write_text("schema: 1\nid: '005'\nkind: [kamerbrief\n", "utf-8")
    (letters / "006.yml").write_text("schema: 1\nsource:\n\tfile: x.txt\n", "utf-8")
    assert _messages(content) == [
        "letters/004.yml:4: invalid YAML: duplicate key 'title' (first on line 3)",
        "letters/005.yml:4: invalid YAML: expected ',' or ']', but got '<stream end>'",
        "letters/006.yml:3: tab used for indentation",
    ]
    assert cmd_validate(content) == 1


def test_wrong_types_and_vocabulary(tmp_path: Path) -> None:
    d0, d2 = letter_000(), letter_002()
    d0["kamerstuk"] = {"dossier": "36 512", "number": 222}
    rec(d2, "r2")["stance"] = "maybe"
    rec(d2, "r1")["stance_override"] = {"stance": "studying"}
    d2["date"] = "20 december 2024"
    content = write_content(tmp_path, [d0, d2])
    f2 = content / "letters/002.yml"
    assert _messages(content) == [
        "letters/000.yml:12: kamerstuk.dossier: '36 512' is not a dossier number, digits only",
        "letters/000.yml:13: kamerstuk.number: should be string or null, not a number "
        "(put it in quotes)",
        "letters/002.yml:5: date: '20 december 2024' is not an ISO date (YYYY-MM-DD)",
        f"letters/002.yml:{_line(f2, '  stance_override:')}: "
        "recommendations[r1].stance_override: 'reason' is missing",
        f"letters/002.yml:{_line(f2, '  stance: maybe')}: recommendations[r2].stance: "
        "'maybe' is not one of agrees, partly, rejects, studying, noted, null",
    ]


def test_misspelt_editorial_field(tmp_path: Path) -> None:
    d3 = letter_003()
    commitment(d3, "c2")["fulfiled_by"] = "002"
    d3["editorial"] = {"sumary": "Voortgangsbrief."}
    content = write_content(tmp_path, [d3])
    f3 = content / "letters/003.yml"
    assert _messages(content) == [
        f"letters/003.yml:{_line(f3, MISSPELT)}: "
        "commitments[c2].fulfiled_by: unknown field (misspelt?)",
        f"letters/003.yml:{_line(f3, '  sumary: Voortgangsbrief.')}: "
        "editorial.sumary: unknown field (misspelt?)",
    ]


def test_meaning(tmp_path: Path) -> None:
    d0, d2, d3 = letter_000(), letter_002(), letter_003()
    commitment(d3, "c1")["fulfilled_by"] = "009"
    commitment(d3, "c2")["due_date"] = "2025-02-30"
    d3["topics"].append("asiel")
    d2["editorial"] = {"extra_topics": ["brede-welvaart"]}
    d0["questions"][0]["lines"]["answer"] = "120-140"
    d0["questions"][1]["number"] = 1
    d0["questions"][2]["group"] = [3, 7]
    content = write_content(tmp_path, [d0, d2, d3])
    f0, f3 = content / "letters/000.yml", content / "letters/003.yml"
    assert _messages(content) == [
        f"letters/000.yml:{_line(f0, '    answer: 120-140')}: questions[1].lines.answer: "
        "line range 120-140 is past the end of the source (130 lines)",
        f"letters/000.yml:{_line(f0, '- number: 1') + 8}: questions[1].number: "
        "duplicate number 1 in questions",
        f"letters/000.yml:{_line(f0, '  - 7')}: questions[3].group[1]: "
        "question 7 is not in this letter",
        f"letters/002.yml:{_line(content / 'letters/002.yml', '  - brede-welvaart')}: "
        "editorial.extra_topics[0]: unknown topic 'brede-welvaart' (not in topics.yml)",
        f"letters/003.yml:{_line(f3, '- asiel')}: topics[2]: "
        "unknown topic 'asiel' (not in topics.yml)",
        f"letters/003.yml:{_line(f3, NOWHERE)}: commitments[c1].fulfilled_by: "
        "fulfilled_by points to letter '009', which does not exist",
        f"letters/003.yml:{_line(f3, DUE)}: commitments[c2].due_date: "
        "'2025-02-30' is not a real date",
    ]


def test_duplicate_letter_id_and_file_name(tmp_path: Path) -> None:
    d3 = letter_003()
    content = write_content(tmp_path, [d3])
    copy = content / "letters/007.yml"
    copy.write_text((content / "letters/003.yml").read_text(), "utf-8")
    assert _messages(content) == [
        "letters/007.yml:2: id: duplicate letter id '003' (also in letters/003.yml)",
        "letters/007.yml:2: id: id '003' does not match the file name '007.yml'",
    ]


def test_warnings_do_not_fail_unless_strict(tmp_path: Path) -> None:
    d2, d3 = letter_002(), letter_003()
    rec(d2, "r3")["review"] = {"state": "reviewed"}
    commitment(d3, "c1")["fulfilled_by"] = "003"
    d3b = edited(d3)
    del d3b["commitments"][0]["fulfilled_by"]
    content = write_content(tmp_path, [d2])
    f2 = content / "letters/002.yml"
    assert _messages(content) == [
        f"letters/002.yml:{_line(f2, '  review:')}: warning: recommendations[r3].review: "
        "reviewed, but by whom? add 'by'"
    ]
    assert cmd_validate(content) == 0
    assert cmd_validate(content, strict=True) == 1


def test_fulfilled_by_own_letter(tmp_path: Path) -> None:
    d3 = letter_003()
    commitment(d3, "c3")["fulfilled_by"] = "003"
    content = write_content(tmp_path, [d3])
    f3 = content / "letters/003.yml"
    assert _messages(content) == [
        f"letters/003.yml:{_line(f3, OWN)}: commitments[c3].fulfilled_by: "
        "a letter cannot fulfil its own commitment"
    ]


def test_topics_file_problems(tmp_path: Path) -> None:
    topics = (
        "- id: arbeidsmigratie\n  label: Arbeidsmigratie\n"
        "- id: arbeidsmigratie\n  label: X\n"
        "- label: Y\n"
    )
    content = write_content(tmp_path, [letter_002()], topics=topics)
    assert _messages(content) == [
        "topics.yml:3: [arbeidsmigratie].id: duplicate id 'arbeidsmigratie'",
        "topics.yml:5: [2]: 'id' is missing",
    ]


def test_bundled_content_has_no_errors() -> None:
    content = Path(__file__).parent.parent / "content"
    errors = [str(d) for d in validate_content(content) if d.level.value == "error"]
    assert errors == []
