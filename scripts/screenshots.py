"""Screenshots of the main page types at desktop and phone width (headless Chromium).

Usage: python scripts/screenshots.py [SITE_DIR] [OUT_DIR] [--letter ID] [--topic ID]
Defaults: site/ and build/screenshots/; the first letter and topic found in the site.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def pages(site: Path, letter: str | None, topic: str | None) -> dict[str, Path]:
    letters = sorted(p for p in (site / "brieven").glob("*.html") if p.name != "index.html")
    topics = sorted(p for p in (site / "onderwerpen").glob("*.html") if p.name != "index.html")
    found = {
        "home": site / "index.html",
        "tracker": site / "aanbevelingen.html",
        "toezeggingen": site / "toezeggingen.html",
        "tijdlijn": site / "tijdlijn.html",
    }
    if letters:
        found["brief"] = site / "brieven" / f"{letter}.html" if letter else letters[0]
    if topics:
        found["onderwerp"] = site / "onderwerpen" / f"{topic}.html" if topic else topics[0]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?", default="site")
    parser.add_argument("out", nargs="?", default="build/screenshots")
    parser.add_argument("--letter")
    parser.add_argument("--topic")
    parser.add_argument("--full", action="store_true", help="whole page, not only the viewport")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width_name, (w, h) in WIDTHS.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            for name, path in pages(Path(args.site), args.letter, args.topic).items():
                page.goto(path.resolve().as_uri())
                target = out / f"{name}-{width_name}.png"
                page.screenshot(path=str(target), full_page=args.full)
                print(target)
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
