"""Time to first Pagefind result on zoeken.html in headless Chromium (local HTTP).

    python -m bench.pagefind_search SITE [QUERY]

Prints cold (fresh browser context) and warm (same context, page reloaded) times from
pressing Enter to the first result link in the page (measured in the page), and the bytes and requests fetched from /pagefind/
(every shard included: they live under it) for the cold query.
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


# In the page: the time of the Enter key and of the first result link in the DOM
# (Playwright polls for a selector at growing intervals, up to 0.5 s apart: its own
# time is reported too, but is coarse).
_WATCH = """() => {
  const kb = window.__kbTimes = {};
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && kb.enter === undefined) { kb.enter = performance.now(); }
  }, true);
  new MutationObserver(() => {
    if (kb.shown === undefined && document.querySelector("#kb-zoek-resultaten li a")) {
      kb.shown = performance.now();
    }
  }).observe(document.getElementById("kb-zoek-resultaten"), {childList: true, subtree: true});
}"""


def _search(page: Any, url: str, query: str) -> tuple[float, float]:
    """Seconds from Enter to the first result: in the page, and as Playwright saw it."""
    page.goto(url)
    page.evaluate(_WATCH)
    page.fill("#kb-zoek-invoer", query)
    started = time.monotonic()
    page.press("#kb-zoek-invoer", "Enter")
    page.wait_for_selector("#kb-zoek-resultaten li a", timeout=60000)
    seen = time.monotonic() - started
    times = page.evaluate("window.__kbTimes")
    return (times["shown"] - times["enter"]) / 1000, seen


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
        f"query {query!r}: cold {cold[0]:.2f} s ({cold_bytes / 1e3:.0f} KB in {len(fetched)} "
        f"requests from /pagefind/), warm {warm[0]:.2f} s (as Playwright saw them: "
        f"{cold[1]:.2f}, {warm[1]:.2f} s); {hits}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
