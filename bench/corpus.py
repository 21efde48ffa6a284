"""Synthetic corpora for benchmarks: N realistic letters, deterministic by seed.

Each letter recombines real paragraphs of the bundled letters (``content/letters``):
body paragraphs, Kamervragen with their answers, recommendations with the cabinet's
appreciatie, footnotes. Around them it varies what differs between real letters: dates,
numbers, Kamerstuk numbers, references (Kamerstukken, ECLI, URLs, motions), questions,
recommendations and commitments with deadlines. A letter is written in one of the text
flavours the readers support (PDF text, Word export, Markdown; see :data:`WRITERS`).

Letter ``i`` depends only on ``(seed, i)``: the corpus of 100 is the first 100 letters
of the corpus of 1,000.

    python -m bench.corpus OUT_DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.dates import MONTHS_NL

ROOT = Path(__file__).resolve().parent.parent
SEED_CONTENT = ROOT / "content" / "letters"

MONTHS = MONTHS_NL
MINISTRIES = (
    ("Sociale Zaken en Werkgelegenheid", "Y.J. van Hijum"),
    ("Asiel en Migratie", "M.H.M. Faber-van de Klashorst"),
    ("Volkshuisvesting en Ruimtelijke Ordening", "E. Boekholt-O’Sullivan"),
    ("Binnenlandse Zaken en Koninkrijksrelaties", "J.J.M. Uitermark"),
    ("Economische Zaken", "D.S. Beljaarts"),
    ("Justitie en Veiligheid", "D.M. van Weel"),
    ("Onderwijs, Cultuur en Wetenschap", "E.E.W. Bruins"),
    ("Infrastructuur en Waterstaat", "B. Madlener"),
)
DOSSIERS = (
    ("29 861", "Sectorbeleid arbeidsmarkt"),
    ("32 847", "Integrale visie op de woningmarkt"),
    ("19 637", "Vreemdelingenbeleid"),
    ("30 573", "Migratiebeleid"),
    ("36 418", "Belastingplan"),
    ("32 140", "Fiscale regelingen"),
    ("29 544", "Arbeidsmarktbeleid"),
    ("36 602", "Belastingplan 2025"),
)
BODIES = (
    "Adviesraad Migratie",
    "Sociaal-Economische Raad",
    "Raad van State",
    "Wetenschappelijke Raad voor het Regeringsbeleid",
    "Raad voor het Openbaar Bestuur",
)
SUBJECTS = (
    "de uitwerking van de maatregelen",
    "de voortgang van het wetsvoorstel",
    "de resultaten van de evaluatie",
    "de uitkomsten van het onderzoek",
    "de afspraken met gemeenten",
    "de stand van zaken rond huisvesting",
    "de aanpak van misstanden",
    "het vervolg van de verkenning",
)
DEADLINES = (
    "voor de zomer van {y}",
    "in het eerste kwartaal van {y}",
    "in het derde kwartaal van {y}",
    "voor het einde van {y}",
    "medio {y}",
    "in het najaar van {y}",
    "uiterlijk 1 {m} {y}",
)
COMMITMENTS = (
    "Ik zal uw Kamer {d} informeren over {s}.",
    "Het kabinet zal {d} een brief sturen over {s}.",
    "Uw Kamer wordt {d} geïnformeerd over {s}.",
    "Wij gaan {d} met de betrokken partijen in gesprek over {s}.",
)
STANCE_OPENINGS = (
    "Het kabinet beaamt dat deze aanbeveling van belang is.",
    "Het kabinet maakt hierin andere keuzes.",
    "Het kabinet is het met de {b} eens en onderzoekt hoe dit kan worden uitgewerkt.",
    "",
)
NUMBER_RE = re.compile(r"\b(\d{1,3})(,\d)?%")
YEAR_RE = re.compile(r"\b(20[12]\d)\b(?![/-])")
MARKER_RE = re.compile(r"\[\^\d+\]")


# ----------------------------------------------------------------------------- pools


@dataclass(frozen=True)
class Pools:
    """Real text of the bundled letters, by kind."""

    paragraphs: tuple[str, ...]
    headings: tuple[str, ...]
    questions: tuple[tuple[str, str], ...]
    recommendations: tuple[tuple[str, str, str], ...]  # title, text, appreciatie
    footnotes: tuple[str, ...]


def load_pools(folder: Path = SEED_CONTENT) -> Pools:
    paras: list[str] = []
    heads: list[str] = []
    qas: list[tuple[str, str]] = []
    recs: list[tuple[str, str, str]] = []
    notes: list[str] = []
    for path in sorted(folder.glob("*.yml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in data.get("sections") or ():
            heading = section.get("heading") or ""
            if 8 <= len(heading) <= 70 and not re.match(r"(?i)(vraag|antw|apprec)", heading):
                heads.append(heading.strip("* "))
            for p in section.get("paragraphs") or ():
                text = _clean(p["text"])
                if len(text) >= 120 and not re.match(
                    r"(?i)(mede namens|de minister|vraag|antw)", text
                ):
                    paras.append(text)
        qas += [(_clean(q["question"]), _clean(q["answer"])) for q in data.get("questions") or ()]
        recs += [
            (r["title"], _clean(r["recommendation"]), _clean(r["appreciatie"]))
            for r in data.get("recommendations") or ()
        ]
        notes += [_clean(f["text"]) for f in data.get("footnotes") or () if len(f["text"]) > 10]
    return Pools(tuple(paras), tuple(heads), tuple(qas), tuple(recs), tuple(notes))


def _clean(text: str) -> str:
    return " ".join(MARKER_RE.sub("", text).split())


# ----------------------------------------------------------------------------- letter spec


@dataclass
class Para:
    text: str
    notes: list[str] = field(default_factory=list)  # footnotes cited at its end


@dataclass
class Spec:
    """What a letter says, before it is written in a flavour."""

    kind: str  # brief, antwoorden, kabinetsreactie
    day: int
    month: int
    year: int
    ministry: str
    minister: str
    dossier: tuple[str, str]
    number: int
    title: str
    reference: str
    intro: list[Para]
    sections: list[tuple[str, list[Para]]]
    questions: list[tuple[str, Para]]
    recommendations: list[tuple[str, str, Para]]

    @property
    def date(self) -> str:
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"


def make_spec(pools: Pools, rng: random.Random) -> Spec:
    year = rng.randint(2019, 2027)
    ministry, minister = rng.choice(MINISTRIES)
    kind = rng.choices(("brief", "antwoorden", "kabinetsreactie"), (5, 3, 2))[0]
    spec = Spec(
        kind=kind,
        day=rng.randint(1, 28),
        month=rng.randint(1, 12),
        year=year,
        ministry=ministry,
        minister=minister,
        dossier=rng.choice(DOSSIERS),
        number=rng.randint(100, 1500),
        title=_title(pools, rng),
        reference=f"{year}-{rng.randint(10**9, 10**10 - 1):010d}",
        intro=[],
        sections=[],
        questions=[],
        recommendations=[],
    )
    vary = _Varier(rng, year)
    spec.intro = [vary.para(rng.choice(pools.paragraphs), pools)]
    if kind == "antwoorden":
        for _ in range(rng.randint(3, 18)):
            q, a = rng.choice(pools.questions)
            spec.questions.append((vary.text(q), vary.para(a, pools)))
        return spec
    for _ in range(rng.randint(2, 7)):
        body = [vary.para(rng.choice(pools.paragraphs), pools) for _ in range(rng.randint(2, 6))]
        spec.sections.append((rng.choice(pools.headings), body))
    if kind == "kabinetsreactie":
        body_name = rng.choice(BODIES)
        spec.intro.insert(
            0,
            Para(
                f"Op {spec.date} publiceerde de {body_name} het advies "
                f"“{spec.title}”. In deze brief reageer ik namens het kabinet "
                "op dit advies."
            ),
        )
        for _ in range(rng.randint(2, 8)):
            title, text, appr = rng.choice(pools.recommendations)
            opening = rng.choice(STANCE_OPENINGS).format(b=body_name)
            spec.recommendations.append(
                (title, vary.text(text), vary.para(f"{opening} {appr}".strip(), pools))
            )
    return spec


def _title(pools: Pools, rng: random.Random) -> str:
    head = rng.choice(pools.headings).rstrip(".:")
    return f"{head} {rng.choice(('en', 'in', 'voor'))} {rng.choice(SUBJECTS)[3:]}".capitalize()


class _Varier:
    """Varies numbers, years and references in real text, and adds commitments."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.year = year

    def text(self, text: str) -> str:
        shift = self.year - 2025
        text = NUMBER_RE.sub(lambda m: f"{self.rng.randint(1, 99)}{m.group(2) or ''}%", text)
        return YEAR_RE.sub(lambda m: str(int(m.group(1)) + shift), text)

    def para(self, text: str, pools: Pools) -> Para:
        rng = self.rng
        para = Para(self.text(text))
        if rng.random() < 0.35:
            d = rng.choice(DEADLINES).format(y=self.year + rng.randint(0, 2), m=rng.choice(MONTHS))
            para.text += " " + rng.choice(COMMITMENTS).format(d=d, s=rng.choice(SUBJECTS))
        if rng.random() < 0.45:
            para.notes.append(self.reference(pools))
        return para

    def reference(self, pools: Pools) -> str:
        rng = self.rng
        y = self.year - rng.randint(0, 3)
        dossier = rng.choice(DOSSIERS)[0]
        return rng.choice(
            (
                f"Kamerstukken II {y - 1}/{str(y)[2:]}, {dossier}, nr. {rng.randint(1, 1400)}.",
                f"ECLI:NL:RVS:{y}:{rng.randint(100, 4999)}.",
                f"https://www.rijksoverheid.nl/documenten/kamerstukken/{y}/"
                f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/kamerbrief-{rng.randint(1, 999)}",
                f"Motie van het lid Bikker, Kamerstuk {dossier}, nr. {rng.randint(1, 400)}.",
                self.text(rng.choice(pools.footnotes)),
            )
        )


# ----------------------------------------------------------------------------- writers


def write_pdf_text(spec: Spec, rng: random.Random) -> str:
    """Like a Kamerstuk PDF converted to text: wrapped lines, glued footnote numbers,
    footnotes and a running footer at each page bottom."""
    width = rng.randint(68, 78)
    page = _PdfPages(spec, width)
    d, t = spec.dossier
    if spec.kind == "antwoorden":
        page.raw([_answer_line(spec), ""])
    else:
        page.raw(
            [
                f"{d} {t}",
                "",
                f"Nr. {spec.number}  BRIEF VAN DE MINISTER VAN {spec.ministry.upper()}",
                "",
                "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
                "",
                f"Den Haag, {spec.date}",
                "",
            ]
        )
    for para in spec.intro:
        page.para(para)
    for i, (heading, paras) in enumerate(spec.sections, 1):
        page.raw([f"§{i}. {heading}", ""])
        for para in paras:
            page.para(para)
    for n, (q, a) in enumerate(spec.questions, 1):
        page.raw([f"Vraag {n}"])
        page.para(Para(q))
        page.raw(["Antwoord"])
        page.para(a)
    _recommendations(spec, page.raw, page.para)
    page.raw([f"De Minister van {spec.ministry},", spec.minister, ""])
    page.flush()
    return "\n".join(page.out) + "\n"


class _PdfPages:
    LINES = 46

    def __init__(self, spec: Spec, width: int) -> None:
        self.spec, self.width = spec, width
        self.out: list[str] = []
        self.notes: list[str] = []
        self.n_notes = 0
        self.on_page = 0
        self.page = 1

    def raw(self, lines: list[str]) -> None:
        for line in lines:
            self.out.append(line)
            self.on_page += 1
            if self.on_page >= self.LINES and not line:
                self.flush()

    def para(self, para: Para) -> None:
        text = para.text
        for note in para.notes:
            self.n_notes += 1
            text = text.rstrip(".") + f"{self.n_notes}."
            self.notes.append(f"{self.n_notes} {note}")
        self.raw([*_wrap_hyphen(text, self.width), ""])

    def flush(self) -> None:
        s = self.spec
        self.out += [
            *self.notes,
            "",
            f"Tweede Kamer, vergaderjaar {s.year - 1}–{s.year}, "
            f"{s.dossier[0]}, nr. {s.number} {self.page}",
            "",
        ]
        self.notes, self.on_page = [], 0
        self.page += 1


def _wrap_hyphen(text: str, width: int) -> list[str]:
    """Wrap like a PDF: long words near the margin are sometimes broken with a hyphen."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    out: list[str] = []
    carry = ""
    for k, line in enumerate(lines):
        line = f"{carry} {line}".strip() if carry else line
        carry = ""
        words = line.split(" ")
        last = words[-1]
        if k + 1 < len(lines) and len(last) >= 12 and last.isalpha() and last.islower():
            cut = len(last) // 2
            line, carry = " ".join([*words[:-1], last[:cut] + "-"]), last[cut:]
        out.append(line)
    if carry:
        out.append(carry)
    return out


def write_word_export(spec: Spec, rng: random.Random) -> str:
    """Like a Word document saved as text: one line per paragraph, footnotes as
    ``[footnoteRef:N]`` with ``[N: text]`` definitions beside them, bookmarks."""
    out: list[str] = []
    counter = [0]

    def para(p: Para) -> None:
        text, defs = p.text, []
        for note in p.notes:
            counter[0] += 1
            text += f"[footnoteRef:{counter[0]}]"
            defs.append(f"[{counter[0]}:  {note}]")
        if rng.random() < 0.1:
            text = f"[bookmark: _Hlk{rng.randint(10**8, 10**9)}]{text}"
        out.extend([" ".join([text, *defs]) + " ", ""])

    def raw(lines: list[str]) -> None:
        out.extend(lines)

    if spec.kind == "antwoorden":
        out += [_answer_line(spec), ""]
        for n, (q, a) in enumerate(spec.questions, 1):
            out += [f"Vraag {n}", q, "", "Antwoord "]
            para(a)
        return "\n".join(out) + "\n"
    out += [
        f"Ministerie van {spec.ministry}",
        "",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "",
        f"Datum {spec.date}",
        f"Betreft {spec.title}",
        f"Onze referentie {spec.reference}",
        "",
    ]
    for p in spec.intro:
        para(p)
    for heading, paras in spec.sections:
        out += [heading, ""]
        for p in paras:
            para(p)
    _recommendations(spec, raw, para)
    out += [f"De Minister van {spec.ministry},", "", spec.minister, ""]
    return "\n".join(out) + "\n"


def write_markdown(spec: Spec, rng: random.Random) -> str:
    """Like a Markdown conversion: bold letterhead labels, ``####`` headings, ``<sup>N</sup>``
    markers with the footnotes after a rule, the letterhead repeated on page breaks."""
    out: list[str] = []
    pending: list[str] = []
    counter = [0]
    head = ["**Datum**", spec.date, "", "**Onze referentie**", spec.reference, ""]

    def para(p: Para) -> None:
        text = p.text
        for note in p.notes:
            counter[0] += 1
            text += f"<sup>{counter[0]}</sup>"
            pending.append(f"<sup>{counter[0]}</sup> {note}")
        out.extend([text, ""])
        if len(pending) >= 3 or (pending and rng.random() < 0.2):
            out.extend(["---", ""])
            for note in pending:
                out.extend([note, ""])
            pending.clear()
            out.extend(head)

    def raw(lines: list[str]) -> None:
        out.extend(
            f"#### *{x}*"
            if x and not x.startswith(("**", "Vraag", "Antwoord")) and len(x) < 90
            else x
            for x in lines
        )

    if spec.kind == "antwoorden":
        out += [_answer_line(spec), ""]
        for n, (q, a) in enumerate(spec.questions, 1):
            out += [f"**Vraag {n}**", "", q, "", "**Antwoord**", ""]
            para(a)
    else:
        out += [
            f"Ministerie van {spec.ministry}",
            "",
            "> Retouradres Postbus 90801 2509 LV Den Haag",
            "",
            "De voorzitter van de Tweede Kamer  ",
            "der Staten-Generaal  ",
            "",
            *head,
            f"Datum {spec.date}  ",
            f"Betreft {spec.title}",
            "",
        ]
        for p in spec.intro:
            para(p)
        for heading, paras in spec.sections:
            out += [f"#### *{heading}*", ""]
            for p in paras:
                para(p)
        _recommendations(spec, raw, para)
        out += [f"De Minister van {spec.ministry},", "", spec.minister, ""]
    if pending:
        out += ["---", "", *[f"{n}\n" for n in pending]]
    return "\n".join(out) + "\n"


def _answer_line(spec: Spec) -> str:
    name = spec.minister.split()[-1]
    return f"Antwoord van minister {name} ({spec.ministry}) (ontvangen {spec.date})"


def _recommendations(
    spec: Spec, raw: Callable[[list[str]], None], para: Callable[[Para], None]
) -> None:
    if not spec.recommendations:
        return
    raw(["Appreciatie van de aanbevelingen uit het advies", ""])
    for title, text, appreciatie in spec.recommendations:
        raw([title, ""])
        para(Para(text))
        raw(["Appreciatie", ""])
        para(appreciatie)


Writer = Callable[[Spec, random.Random], str]
# flavour -> (writer, file suffix, weight). Other formats join here as their readers land.
WRITERS: dict[str, tuple[Writer, str, int]] = {
    "pdf-text": (write_pdf_text, ".txt", 5),
    "word-export": (write_word_export, ".txt", 3),
    "markdown": (write_markdown, ".md", 2),
}


# ----------------------------------------------------------------------------- corpus


def letter(pools: Pools, seed: int, i: int) -> tuple[str, str]:
    """(file name, text) of letter ``i`` of the corpus with this seed."""
    rng = random.Random(f"{seed}:{i}")
    spec = make_spec(pools, rng)
    flavour = rng.choices(list(WRITERS), [w[2] for w in WRITERS.values()])[0]
    writer, suffix, _ = WRITERS[flavour]
    return f"letter-{i:05d}-{flavour}{suffix}", writer(spec, rng)


def generate(out: Path, n: int, seed: int = 1) -> list[Path]:
    """Write ``n`` letters into ``out`` (created); returns their paths in order."""
    pools = load_pools()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        name, text = letter(pools, seed, i)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = generate(args.out, args.n, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} letters, {size / 1e6:.1f} MB in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
