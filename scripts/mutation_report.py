"""The mutation-testing report: kill rate per module and every surviving mutant.

Reads mutmut's results (mutants/**/*.meta after `mutmut run`), writes
var/mutation-report.md and exits 1 when a module is under the target.
"""

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.80
# The modules the target applies to (a directory counts as one).
MODULES = (
    "porras/people/permissions.py",
    "porras/clients/selectors.py",
    "porras/audit/",
    "porras/intake/services.py",
    "porras/casework/services.py",
)
KILLED = {1, 3, 36, -24, 24, 152, 255, 37}  # failed tests, timeouts, type check
NOT_RUN = {None, 2, 34}  # not checked, interrupted, skipped


def module_of(source: str) -> str | None:
    return next((m for m in MODULES if source == m or source.startswith(m)), None)


def main() -> int:
    results = defaultdict(lambda: {"killed": 0, "total": 0, "not_run": 0, "survivors": []})
    for meta in sorted((ROOT / "mutants").glob("porras/**/*.py.meta")):
        source = str(meta.relative_to(ROOT / "mutants"))[: -len(".meta")]
        module = module_of(source)
        if module is None:
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        row = results[module]
        for name, code in codes.items():
            if code in NOT_RUN:
                row["not_run"] += 1
                continue
            row["total"] += 1
            if code in KILLED:
                row["killed"] += 1
            else:
                row["survivors"].append(name)
    if not results:
        print("No mutation results: run `mutmut run` first (make mutation).")
        return 1
    lines = ["# Mutation testing report", "", f"Target: {TARGET:.0%} of mutants killed.", ""]
    lines += ["| module | killed | mutants | score | not run |", "|---|---|---|---|---|"]
    missed = []
    for module in MODULES:
        row = results[module]
        score = row["killed"] / row["total"] if row["total"] else 0.0
        if score < TARGET or row["not_run"]:
            missed.append(module)
        lines.append(
            f"| {module} | {row['killed']} | {row['total']} | {score:.1%} | {row['not_run']} |"
        )
    lines += ["", "## Surviving mutants", ""]
    for module in MODULES:
        for name in results[module]["survivors"]:
            shown = subprocess.run(
                [str(Path(sys.executable).with_name("mutmut")), "show", name],
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout.strip()
            lines += [f"### {name}", "", "```diff", shown, "```", ""]
    out = ROOT / "var" / "mutation-report.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[: 12 + len(MODULES)]))
    print(f"\nThe surviving mutants with their diffs: {out}")
    if missed:
        print(f"Under the target (or not all run): {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
