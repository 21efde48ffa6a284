"""Benchmarks: synthetic corpora of N letters through ingest, render, MkDocs.

    python -m bench.run                 # N = 100 (quick)
    python -m bench.run --sizes 100 1000 10000 --out bench/work

Every stage runs as its own process (the commands a user runs), timed from outside with
its peak memory: the largest single process (``wait4``'s maximum RSS over the stage and
its workers) and, sampled twice a second, the whole process tree (the sum of PSS, shared
copy-on-write pages counted once; Linux). Figures are printed as a Markdown table;
nothing is asserted. Ratios are from the same run, side by side.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TODAY = "2027-01-15"


def run(cmd: list[str], label: str, results: dict[str, Any]) -> float:
    """Run one stage; record wall seconds and peak RSS (MB) under ``label``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    # as a user's shell runs them: Python keeps the compiled modules (a workplace that
    # sets PYTHONDONTWRITEBYTECODE has every run compile the generator again, ~0.05 s)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    tree = _TreeMemory(proc.pid)
    tree.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    tree.stop.set()
    tree.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode:
        sys.stderr.write(err.decode(errors="replace")[-3000:])
        raise SystemExit(f"{label} failed: {' '.join(cmd)}")
    cpu = usage.ru_utime + usage.ru_stime  # this process and its workers
    results[label] = {
        "s": round(seconds, 2),
        "cpu": round(cpu, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "tree_mb": round(tree.peak / 1024) if tree.peak else None,
    }
    print(
        f"  {label:<28} {seconds:8.2f} s  {cpu:8.2f} cpu-s  {usage.ru_maxrss / 1024:7.0f} MB"
        f"  (tree {tree.peak / 1024:7.0f} MB)"
        if tree.peak
        else "  (tree –: too short)",
        file=sys.stderr,
    )
    return seconds


class _TreeMemory(threading.Thread):
    """The peak sum of PSS (KB) over a process and its descendants, sampled every 0.5 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.1 if not self.peak else 0.5):
            self.peak = max(self.peak, sum(_pss_kb(p) for p in _descendants(self.pid)))


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(parents.get(current, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def generator(*args: str) -> list[str]:
    return [PY, "-m", "generator", *args]


def bench_size(n: int, work: Path, serial: bool, ingest_only: bool = False) -> dict[str, Any]:
    base = work / str(n)
    shutil.rmtree(base, ignore_errors=True)
    sources, content, docs, site = (base / x for x in ("sources", "content", "docs", "site"))
    r: dict[str, Any] = {"n": n}
    print(f"N = {n}", file=sys.stderr)
    run([PY, "-m", "bench.corpus", str(sources), str(n)], "corpus", r)
    r["mb"] = sum(p.stat().st_size for p in sources.iterdir()) / 1e6
    if serial:
        run(generator("ingest", "-q", "-j", "1", "--content", str(base / "c1"), str(sources)),
            "ingest_1_core", r)  # fmt: skip
        run(generator("ingest", "-q", "-j", "1", "--content", str(base / "c1"), str(sources)),
            "reingest_1_core", r)  # fmt: skip
        shutil.rmtree(base / "c1")
    run(generator("ingest", "-q", "--content", str(content), str(sources)), "ingest", r)
    run(generator("ingest", "-q", "--content", str(content), str(sources)), "reingest_unchanged", r)
    if ingest_only:
        return r
    build = ["build", "--content", str(content), "--out", str(site), "--docs", str(docs)]
    run([PY, "-m", "bench.stages", "render", str(content), str(docs), TODAY], "render", r)
    run([PY, "-m", "bench.stages", "mkdocs", str(docs), str(base / "bare")], "mkdocs_bare", r)
    run(generator(*build, "--today", TODAY), "build", r)
    r["pages"] = _pages(site)
    # incremental: nothing changed, one letter changed, one topic changed
    run(generator("ingest", "-q", "--content", str(content), str(sources)), "inc_none_ingest", r)
    run(generator(*build, "--today", TODAY), "inc_none_build", r)
    letter = sorted(sources.iterdir())[n // 2]
    letter.write_text(letter.read_text("utf-8").replace(". ", ". Dit is gewijzigd. ", 1), "utf-8")
    run(generator("ingest", "-q", "--content", str(content), str(sources)), "inc_letter_ingest", r)
    run(generator(*build, "--today", TODAY), "inc_letter_build", r)
    topics = content / "topics.yml"
    topics.write_text(topics.read_text("utf-8").replace("label: ", "label: Thema ", 1), "utf-8")
    run(generator("ingest", "-q", "--content", str(content), str(sources)), "inc_topic_ingest", r)
    run(generator(*build, "--today", TODAY), "inc_topic_build", r)
    return r


def _pages(site: Path) -> dict[str, Any]:
    html = [p for p in site.rglob("*.html")]
    sizes = sorted((p.stat().st_size, str(p.relative_to(site))) for p in html)
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.exists() else b""
    docs = len(json.loads(raw)["docs"]) if raw else 0
    return {
        "html": len(html),
        "largest_kb": round(sizes[-1][0] / 1024) if sizes else 0,
        "largest": sizes[-1][1] if sizes else "",
        "over_500kb": sum(1 for s, _ in sizes if s > 500 * 1024),
        "search_index_mb": round(len(raw) / 1e6, 2),
        "search_index_gzip_mb": round(len(gzip.compress(raw, 6)) / 1e6, 2),
        "search_docs": docs,
        "site_mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, 1),
        "pagefind_mb": round(
            sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 1e6, 1
        ),
    }


def report(results: list[dict[str, Any]]) -> str:
    rows = ["| measure | " + " | ".join(f"N = {r['n']:,}" for r in results) + " |"]
    rows.append("|---|" + "---|" * len(results))

    def row(name: str, fn: Any) -> None:
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except (KeyError, ZeroDivisionError):
                cells.append("–")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")

    row("letter text (MB)", lambda r: f"{r['mb']:.1f}")
    row("ingest, 1 process, -j 1 (s / CPU s)",
        lambda r: f"{r['ingest_1_core']['s']:.1f} / {r['ingest_1_core']['cpu']:.1f}")  # fmt: skip
    row("ingest, pool (default) (s / CPU s)",
        lambda r: f"{r['ingest']['s']:.1f} / {r['ingest']['cpu']:.1f}")  # fmt: skip
    row("ingest letters/s (pool)", lambda r: f"{r['n'] / r['ingest']['s']:.0f}")
    row("ingest MB/s (pool)", lambda r: f"{r['mb'] / r['ingest']['s']:.2f}")
    row("ingest MB/s per core (-j 1)", lambda r: f"{r['mb'] / r['ingest_1_core']['s']:.2f}")
    row("ingest MB per CPU-second (-j 1 / pool)",
        lambda r: f"{r['mb'] / r['ingest_1_core']['cpu']:.2f} / {r['mb'] / r['ingest']['cpu']:.2f}")  # fmt: skip
    row("pool speed-up (wall)", lambda r: f"{r['ingest_1_core']['s'] / r['ingest']['s']:.2f}x")
    row("ingest peak MB (largest process / tree PSS)",
        lambda r: f"{r['ingest']['peak_mb']} / {r['ingest']['tree_mb']}")  # fmt: skip
    row("re-ingest unchanged (s / CPU s)",
        lambda r: f"{r['reingest_unchanged']['s']:.2f} / {r['reingest_unchanged']['cpu']:.2f}")  # fmt: skip
    row("re-ingest speed-up (wall, pool)",
        lambda r: f"{r['ingest']['s'] / r['reingest_unchanged']['s']:.0f}x")  # fmt: skip
    row("re-ingest speed-up (-j 1, wall / CPU)",
        lambda r: f"{r['ingest_1_core']['s'] / r['reingest_1_core']['s']:.0f}x / "
        f"{r['ingest_1_core']['cpu'] / r['reingest_1_core']['cpu']:.0f}x")  # fmt: skip
    row("render YAML→Markdown (s)", lambda r: f"{r['render']['s']:.1f}")
    row("bare mkdocs build (s)", lambda r: f"{r['mkdocs_bare']['s']:.1f}")
    row("render / bare mkdocs", lambda r: f"{100 * r['render']['s'] / r['mkdocs_bare']['s']:.0f} %")
    row("render / bare mkdocs (CPU time)",
        lambda r: f"{100 * r['render']['cpu'] / r['mkdocs_bare']['cpu']:.0f} %")  # fmt: skip
    row("build: validate + render + mkdocs + Pagefind (s / CPU s)",
        lambda r: f"{r['build']['s']:.1f} / {r['build']['cpu']:.1f}")  # fmt: skip
    row("build peak MB (largest process)", lambda r: f"{r['build']['peak_mb']}")
    row("build peak MB (whole process tree, PSS)", lambda r: f"{r['build']['tree_mb']}")
    row("end to end ingest + build (s)", lambda r: f"{r['ingest']['s'] + r['build']['s']:.1f}")
    row("nothing changed: ingest + build (s)",
        lambda r: f"{r['inc_none_ingest']['s']:.1f} + {r['inc_none_build']['s']:.1f}")  # fmt: skip
    row("one letter changed: ingest + build (s)",
        lambda r: f"{r['inc_letter_ingest']['s']:.1f} + {r['inc_letter_build']['s']:.1f}")  # fmt: skip
    row("one topic changed: ingest + build (s)",
        lambda r: f"{r['inc_topic_ingest']['s']:.1f} + {r['inc_topic_build']['s']:.1f}")  # fmt: skip
    for label, key in (("nothing", "none"), ("one letter", "letter"), ("one topic", "topic")):
        row(f"{label} changed: build / full build (CPU)",
            lambda r, key=key: f"{100 * r[f'inc_{key}_build']['cpu'] / r['build']['cpu']:.1f} %")  # fmt: skip
        row(f"{label} changed: build / full build (wall)",
            lambda r, key=key: f"{100 * r[f'inc_{key}_build']['s'] / r['build']['s']:.1f} %")  # fmt: skip
    row("HTML pages", lambda r: f"{r['pages']['html']:,}")
    row("largest HTML page (KB)", lambda r: f"{r['pages']['largest_kb']}")
    row("pages over 500 KB", lambda r: f"{r['pages']['over_500kb']}")
    row("search index (MB / gzip MB)",
        lambda r: f"{r['pages']['search_index_mb']} / {r['pages']['search_index_gzip_mb']}")  # fmt: skip
    row("Pagefind index (MB)", lambda r: f"{r['pages']['pagefind_mb']}")
    row("search index per letter (KB)",
        lambda r: f"{r['pages']['search_index_mb'] * 1000 / r['n']:.1f}")  # fmt: skip
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--serial-max", type=int, default=1000,
                        help="also ingest on one core up to this N")  # fmt: skip
    parser.add_argument("--ingest-only", action="store_true", help="skip render and build")
    args = parser.parse_args(argv)
    results = [bench_size(n, args.out, n <= args.serial_max, args.ingest_only) for n in args.sizes]
    (args.out / "results.json").write_text(json.dumps(results, indent=1), "utf-8")
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
