"""Render the five seed letters to PDF, DOCX, XML and HTML: the fixtures of
tests/test_formats.py. There is no internet, so the fixtures are made, following the public
formats (see scripts/fixtures/*). Needs reportlab (PDF) and python-docx (DOCX); the
generated files are committed, so the tests need neither.

    .venv/bin/python scripts/make_format_fixtures.py [SEEDS_DIR] [OUT_DIR]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts" / "fixtures"), str(ROOT)]

from common import Seed, seeds  # noqa: E402
from docx_writer import write_docx  # noqa: E402
from markup_writers import write_html, write_metadata, write_xml  # noqa: E402
from pdf_writer import write_pdf  # noqa: E402


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else ROOT.parent / "shared" / "seeds"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "tests" / "fixtures" / "formats"
    out.mkdir(parents=True, exist_ok=True)
    for seed in seeds(src):
        (out / f"{seed.name}.xml").write_text(write_xml(seed), encoding="utf-8")
        meta = write_metadata(seed)
        if meta:
            (out / f"{seed.name}.metadata.xml").write_text(meta, encoding="utf-8")
        (out / f"{seed.name}.html").write_text(write_html(seed), encoding="utf-8")
        for fmt, writer in WRITERS.items():
            (out / f"{seed.name}.{fmt}").write_bytes(writer(seed))
        print(seed.name, seed.layout)
    _bad_inputs(out / "bad")
    return 0


def _bad_inputs(folder: Path) -> None:
    """Files a reader must refuse: an encrypted PDF (user password) and a scan (no text)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    folder.mkdir(exist_ok=True)
    buf = io.BytesIO()
    c = Canvas(buf, encrypt="geheim", invariant=1)
    c.drawString(72, 700, "Datum 14 november 2024")
    c.save()
    (folder / "encrypted.pdf").write_bytes(buf.getvalue())
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.rect(72, 600, 300, 100, fill=1)  # a page with only graphics: a scan without OCR
    c.save()
    (folder / "scan.pdf").write_bytes(buf.getvalue())


WRITERS: dict[str, Callable[[Seed], bytes]] = {"docx": write_docx, "pdf": write_pdf}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
