"""Cost of opening a letter page and of a first search, in headless Chromium (local HTTP).

    python -m bench.pageload SITE [--page brieven/X.html] [--query Q] [--runs 3]

Each run is a fresh browser context (empty cache). For the page: bytes fetched (page and
its workers, by Content-Length), DOMContentLoaded and load (navigation timing), the
moment the network goes quiet (lunr: after search_index.json is fetched and handed to
the worker), the page's JS heap (CDP Performance.getMetrics) and the renderers'
private memory (page + search worker, /proc/PID/smaps_rollup) two seconds after that.

For the search: the header search of that build, right after the page's load event:
Material's box (lunr, results in the overlay) or the Pagefind field (Enter opens
zoeken.html?q=…), timed from the first key to the first result on screen.
"""

from __future__ import annotations

import argparse
import http.server
import os
import statistics
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


def _renderer_private_mb() -> float:
    """Private memory (clean + dirty) of the Chromium renderers started under this process."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    mine = {os.getpid()}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in mine and pid not in mine:
                mine.add(pid)
                changed = True
    total = 0
    for pid in mine:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        if b"--type=renderer" in cmd:
            for line in rollup.splitlines():
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    return total / 1024


def _open(browser: Any, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched: list[int] = []
    context.on("response", lambda r: fetched.append(int(r.headers.get("content-length", "0") or 0)))
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    started = time.monotonic()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    quiet = time.monotonic() - started - 0.5  # networkidle = 500 ms without requests
    time.sleep(2)
    nav = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()"
    )
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    result = {
        "kb": sum(fetched) / 1024,
        "requests": len(fetched),
        "dcl_ms": nav[0],
        "load_ms": nav[1],
        "quiet_s": quiet,
        "heap_mb": metrics["JSHeapUsedSize"] / 2**20,
        "script_s": metrics["ScriptDuration"],
        "private_mb": _renderer_private_mb(),
    }
    context.close()
    return result


def _first_result(browser: Any, url: str, query: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="load")
    if page.locator("#kb-kop-zoek").count():
        page.focus("#kb-kop-zoek")
        started = time.monotonic()
        page.keyboard.type(query)
        page.keyboard.press("Enter")
        page.wait_for_selector("#kb-zoek-resultaten li a", timeout=120000)
    else:
        page.click("input.md-search__input")
        started = time.monotonic()
        page.keyboard.type(query)  # the worker answers once it has built the index
        page.wait_for_selector(".md-search-result__item", state="attached", timeout=120000)
    seconds = time.monotonic() - started
    context.close()
    return seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pageload")
    parser.add_argument("site", type=Path)
    parser.add_argument("--page", default=None)
    parser.add_argument("--query", default="kennismigranten")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    site: Path = args.site
    rel = args.page or sorted((site / "brieven").glob("*.html"))[0].relative_to(site).as_posix()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{rel}"
    lunr = (site / "search" / "search_index.json").is_file()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        runs = [_open(browser, url) for _ in range(args.runs)]
        print(f"{site} {rel} ({'lunr' if lunr else 'no lunr'}), median of {args.runs} cold runs:")
        for key in runs[0]:
            values = [r[key] for r in runs]
            print(f"  {key:10} {statistics.median(values):10.1f}  (runs: {', '.join(f'{v:.1f}' for v in values)})", flush=True)  # fmt: skip
        searches = [_first_result(browser, url, args.query) for _ in range(args.runs)]
        browser.close()
    server.shutdown()
    print(
        f"  first result for {args.query!r} from the header search: "
        f"{statistics.median(searches):.2f} s (runs: {', '.join(f'{s:.2f}' for s in searches)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(__import__("sys").argv[1:]))
