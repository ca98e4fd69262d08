"""Whole-process timings of the robustness cases of docs/performance.md (issue 10).

Writes release procedures that grow in headings (500 to 10,000 chapters, two placeholders
each) and that hold deeply nested lists and quotes, then times ``opslint check DIR --format
concise`` on each: the median of ``--runs`` runs, peak RSS, and what was found.

    python bench/robustness.py                         # this tree
    python bench/robustness.py --baseline ../main      # and another checkout, same cases
    python bench/robustness.py --cases h500,n10 --runs 1

Another checkout runs with ``PYTHONPATH`` pointing at it (``python -P``, so the current
folder's package does not win). Cases are written under ``bench/.work/robustness/``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work" / "robustness"
RELEASE = ROOT / "examples" / "ja" / "clean" / "16_Release_Procedure.md"
OPERATION = ROOT / "examples" / "ja" / "clean" / "17_Operation_Design.md"
MONITOR_HEADER = "| 監視ID | 対象 | 項目 | 閾値 | 通知レベル | アクション | SLI |\n| -- |"
ANCHOR = "## 2. 事前確認・準備 (T-1 day)\n"


def chapters(count: int) -> str:
    out = ["# リリース手順書", "", "**リリース対象バージョン**: v1.0.0", ""]
    for i in range(1, count + 1):
        out += [f"## {i}. 作業 {i}", "", "- 担当: TBD", f"- 手順 {i}: TBD", ""]
    return "\n".join(out)


def nested(levels: int) -> str:
    return "".join("  " * i + f"- 階層 {i + 1}\n" for i in range(levels)) + "\n"


def in_release(insert: str) -> str:
    """The clean release example with text inserted at the end of chapter 1."""
    return RELEASE.read_text(encoding="utf-8").replace(ANCHOR, insert + ANCHOR)


def monitor_table(rows: int) -> str:
    """The clean operation design with ``rows`` more rows in its monitor table, each with an
    open threshold and an SLI that names nothing: several rules fire on every row (issue 10:
    a 50,000-row table gave 149,119 findings; they now collapse per rule and table)."""
    text = OPERATION.read_text(encoding="utf-8")
    start = text.index(MONITOR_HEADER)
    after = text.index("\n", text.index("\n", start) + 1) + 1  # past the delimiter row
    extra = "".join(f"| Q-{n:05d} | キュー処理 {n} | 滞留件数 | TBD | Warning | 担当へ連絡 | - |\n"
                    for n in range(rows))
    return text[:after] + extra + text[after:]


CASES: dict[str, Callable[[], str]] = {
    "h500": lambda: chapters(500),
    "h1000": lambda: chapters(1_000),
    "h2000": lambda: chapters(2_000),
    "h10000": lambda: chapters(10_000),
    "n10": lambda: in_release(nested(10)),
    "n61": lambda: in_release(nested(61)),
    "n300": lambda: in_release(nested(300)),
    "quotes5000": lambda: in_release(">" * 5_000 + " x\n\n"),
    "regions15": lambda: in_release(nested(70) * 15),
    "regions200": lambda: in_release(nested(70) * 200),
    "t2000": lambda: monitor_table(2_000),
    "t8000": lambda: monitor_table(8_000),
    "t50000": lambda: monitor_table(50_000),
}


def write(case: str) -> Path:
    folder = WORK / case
    folder.mkdir(parents=True, exist_ok=True)
    name = "17_Operation_Design.md" if case.startswith("t") else "16_Release_Procedure.md"
    (folder / name).write_text(CASES[case](), encoding="utf-8")
    return folder


def run(folder: Path, tree: Path | None, timeout: float) -> dict[str, object] | None:
    env = dict(os.environ, PYTHONPATH=str(tree) if tree else "")
    # --no-cache: every run does the work (the result cache would answer runs 2 and 3).
    command = [sys.executable, "-P", "-m", "opslint", "check", str(folder), "--format",
               "concise", "--no-cache"]
    if Path("/usr/bin/time").exists():
        command = ["/usr/bin/time", "-f", "%M", *command]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env=env, cwd=WORK, check=False)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - started
    last = done.stderr.strip().splitlines()[-1:] or ["0"]
    rss = int(last[0]) / 1024 if last[0].isdigit() else 0.0
    out = done.stdout
    return {"s": wall, "rss_mib": round(rss), "REL001": out.count(" REL001 "),
            "META004": out.count(" META004 "), "exit": done.returncode,
            "findings": max(out.count("\n") - 1, 0),
            "summary": (out.strip().splitlines() or [""])[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--baseline", type=Path, help="another checkout to time the same way")
    args = parser.parse_args()
    trees: list[tuple[str, Path | None]] = [("this", None)]
    if args.baseline:
        trees.append(("baseline", args.baseline.resolve()))
    for case in args.cases.split(","):
        folder = write(case)
        for name, tree in trees:
            results = [r for r in (run(folder, tree, args.timeout) for _ in range(args.runs)) if r]
            if not results:
                print(json.dumps({"case": case, "tree": name, "timeout_s": args.timeout}))
                continue
            walls = sorted(float(str(r["s"])) for r in results)
            row = {"case": case, "tree": name, "median_s": round(statistics.median(walls), 2),
                   "min_s": round(walls[0], 2), "max_s": round(walls[-1], 2),
                   **{k: v for k, v in results[0].items() if k != "s"},
                   "load": round(os.getloadavg()[0], 1)}
            print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
