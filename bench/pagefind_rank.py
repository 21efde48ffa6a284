"""How much the first results of a query change between two Pagefind indexes of the same
pages (e.g. one index and the same pages in shards), in headless Chromium (local HTTP).

    python -m bench.pagefind_rank REFERENCE_SITE SITE [QUERY ...]

Each site's index is loaded as the search page loads it (the primary bundle, then
``mergeIndex`` for every shard in ``pagefind/delen.json``, or ``jaren.json`` of the year
shards before, if there is one). Prints per
query how many of the reference's first 20 (10) results are among the other's first 20
(10), how many of each's first 20 are not letter pages, and the lowest rank in the
reference (its first 300) of the other's first 20 (">300" beyond).
"""

from __future__ import annotations

import http.server
import statistics
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
DEEP = 300  # the reference's results looked at for the ranks of the other's
_SEARCH = """async ([queries, top]) => {
  const options = {baseUrl: "/", excerptLength: 24};
  const pf = await import("/pagefind/pagefind.js");
  await pf.options(options);
  let listed = await fetch("/pagefind/delen.json");
  if (!listed.ok) { listed = await fetch("/pagefind/jaren.json"); }
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


def first_results(site: Path, queries: tuple[str, ...], top: int = TOP) -> dict[str, list[str]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context().new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/over.html")
            found: dict[str, list[str]] = page.evaluate(_SEARCH, [list(queries), top])
            browser.close()
    finally:
        server.shutdown()
    return found


def main(argv: list[str]) -> int:
    reference, other = Path(argv[0]), Path(argv[1])
    queries = tuple(argv[2:]) or QUERIES
    deep, got = first_results(reference, queries, DEEP), first_results(other, queries)
    shared, shared10, lowest = [], [], []
    for q in queries:
        ref = deep[q][:TOP]
        both = len(set(ref) & set(got[q]))
        both10 = len(set(ref[:10]) & set(got[q][:10]))
        shared.append(both)
        shared10.append(both10)
        rank = {url: i + 1 for i, url in enumerate(deep[q])}
        low = max((rank.get(url, DEEP + 1) for url in got[q]), default=0)
        lowest.append(low)
        general = [sum(not u.startswith("/brieven/") for u in r) for r in (ref, got[q])]
        print(
            f"{q!r}: {both} of {TOP} shared ({both10} of 10); not letters: {general[0]} -> "
            f"{general[1]}; lowest reference rank {low if low <= DEEP else f'>{DEEP}'}"
        )
    print(
        f"mean shared: {sum(shared) / len(shared):.1f} of {TOP}, "
        f"{sum(shared10) / len(shared10):.1f} of 10; median lowest rank "
        f"{statistics.median(lowest):g}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
