"""Time to first Pagefind result on zoeken.html in headless Chromium (local HTTP).

    python -m bench.pagefind_search SITE [QUERY]

Prints cold (fresh browser context) and warm (same context, page reloaded) times from
pressing Enter to the first result, and the bytes fetched from /pagefind/ for the query.
"""

from __future__ import annotations

import http.server
import sys
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _search(page: Any, url: str, query: str) -> float:
    page.goto(url)
    page.fill("#kb-zoek-invoer", query)
    started = time.monotonic()
    page.press("#kb-zoek-invoer", "Enter")
    page.wait_for_selector("#kb-zoek-resultaten li a", timeout=60000)
    return time.monotonic() - started


def main(argv: list[str]) -> int:
    site = Path(argv[0])
    query = argv[1] if len(argv) > 1 else "kennismigranten"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/zoeken.html"
    fetched: list[int] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()

        def count(response: Any) -> None:
            if "/pagefind/" in response.url and response.status == 200:
                fetched.append(len(response.body()))

        page.on("response", count)
        cold = _search(page, url, query)
        page.remove_listener("response", count)
        cold_bytes = sum(fetched)
        warm = _search(page, url, query)
        hits = page.inner_text("#kb-zoek-status")
        browser.close()
    server.shutdown()
    print(
        f"query {query!r}: cold {cold:.2f} s ({cold_bytes / 1e3:.0f} KB from /pagefind/), "
        f"warm {warm:.2f} s; {hits}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
