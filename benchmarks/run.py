"""`make bench`: run the benchmark suites and write docs/benchmarks.md.

Each module `benchmarks/bench_*.py` exposes `run() -> str | None`, returning a Markdown section
(with its own `## ` heading), or None when it cannot run on this machine (its section is then
kept). The runner stamps every section with the machine and the date it was measured on, so
every figure in docs/benchmarks.md says where and when it was measured.

`python -m benchmarks.run` runs every suite; `python -m benchmarks.run engine` runs one and
keeps the other sections of docs/benchmarks.md as they were (with their own dates).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pkgutil
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Written by `make bench` (`python -m benchmarks.run [suite ...]`); do not edit by hand.\n"
    "Each section says when and on which machine it was measured. Timed assertions do not\n"
    "belong in tests: performance is measured here.\n"
)
SECTION = re.compile(r"<!-- bench:(?P<name>\w+) -->\n.*?<!-- /bench:(?P=name) -->\n", re.DOTALL)


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def suites() -> list[str]:
    package = importlib.import_module("benchmarks")
    return sorted(
        info.name.removeprefix("bench_")
        for info in pkgutil.iter_modules(package.__path__)
        if info.name.startswith("bench_")
    )


def existing_sections() -> dict[str, str]:
    if not OUT.exists():
        return {}
    return {m.group("name"): m.group(0) for m in SECTION.finditer(OUT.read_text())}


def main(argv: list[str]) -> int:
    available = suites()
    unknown = set(argv) - set(available)
    if unknown:
        print(f"unknown suite(s) {sorted(unknown)}; available: {available}", file=sys.stderr)
        return 2
    wanted = argv or available
    sections = existing_sections()
    for name in wanted:
        print(f"== bench_{name}", flush=True)
        result = importlib.import_module(f"benchmarks.bench_{name}").run()
        if result is None:  # the suite could not run here (e.g. no PostgreSQL): keep the old one
            print(f"   bench_{name} skipped; its section is kept as it was", flush=True)
            continue
        body = result.rstrip()
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        sections[name] = (
            f"<!-- bench:{name} -->\n{body}\n\n"
            f"_Measured {stamp} on {machine_description()}._\n<!-- /bench:{name} -->\n"
        )
    ordered = [sections[name] for name in available if name in sections]
    OUT.write_text(HEADER + "\n" + "\n".join(ordered))
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
