"""How much the first results of a query change between two Pagefind indexes of the same
pages (e.g. one index and the same pages in shards), in headless Chromium (local HTTP).

    python -m bench.pagefind_rank REFERENCE_SITE SITE [QUERY ...]

Each site's index is loaded as the search page loads it (the primary bundle, then
``mergeIndex`` for every shard in ``pagefind/jaren.json``, if there is one). Prints per
query how many of the reference's first 20 results are among the other's first 20, and
how many of each's first 20 are not letter pages.
"""

from __future__ import annotations

import http.server
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

QUERIES = (
    "kennismigranten",
    "huisvesting arbeidsmigranten",
    "woningmarkt",
    "uitzendbureaus",
    "motie",
    "toezegging huisvesting",
    "statushouders",
    "inspectie misstanden",
    "expatregeling",
    "demografie",
    "kamervragen",
    "registratie",
)
TOP = 20
_SEARCH = """async ([queries, top]) => {
  const options = {baseUrl: "/", excerptLength: 24};
  const pf = await import("/pagefind/pagefind.js");
  await pf.options(options);
  const listed = await fetch("/pagefind/jaren.json");
  if (listed.ok) {
    const shards = (await listed.json()).indexes;
    await Promise.all(shards.map((p) => pf.mergeIndex("/pagefind/" + p, options)));
  }
  const out = {};
  for (const q of queries) {
    const search = await pf.search(q);
    const data = await Promise.all(search.results.slice(0, top).map((r) => r.data()));
    out[q] = data.map((d) => d.url);
  }
  return out;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def first_results(site: Path, queries: tuple[str, ...]) -> dict[str, list[str]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context().new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/over.html")
            found: dict[str, list[str]] = page.evaluate(_SEARCH, [list(queries), TOP])
            browser.close()
    finally:
        server.shutdown()
    return found


def main(argv: list[str]) -> int:
    reference, other = Path(argv[0]), Path(argv[1])
    queries = tuple(argv[2:]) or QUERIES
    ref, got = first_results(reference, queries), first_results(other, queries)
    shared = []
    for q in queries:
        both = len(set(ref[q]) & set(got[q]))
        shared.append(both)
        general = [sum(not u.startswith("/brieven/") for u in r[q]) for r in (ref, got)]
        print(f"{q!r}: {both} of {TOP} shared; not letters: {general[0]} -> {general[1]}")
    print(f"mean shared: {sum(shared) / len(shared):.1f} of {TOP}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
