"""Seed each fault of ``faults.py`` on its own, run the tests that must catch it, report.

    python -m tests.faults.run            every fault (those needing PostgreSQL only where it is set)
    python -m tests.faults.run tier       the faults whose name contains "tier"

The source is restored after each fault, also when interrupted. Exit status 1 when a fault
was missed (its tests passed) or could not be seeded (its ``find`` text is gone).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .faults import FAULTS, Fault

ROOT = Path(__file__).resolve().parents[2]


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def seeded_source(fault: Fault) -> tuple[Path, str, str]:
    path = ROOT / fault.path
    original = path.read_text()
    count = original.count(fault.find)
    if count != 1:
        raise LookupError(f"{fault.path}: the text to replace occurs {count} times, not once")
    return path, original, original.replace(fault.find, fault.replace)


def run(fault: Fault) -> str:
    """ "caught", "missed", "skipped" or "stale" (the fault can no longer be seeded)."""
    if fault.needs == "postgres" and not on_postgres():
        return "skipped"
    try:
        path, original, faulty = seeded_source(fault)
    except LookupError as exc:
        print(f"    {exc}")
        return "stale"
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--reuse-db", *fault.tests]
    try:
        path.write_text(faulty)
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    finally:
        path.write_text(original)
    if result.returncode == 0:
        return "missed"
    if result.returncode == 1:
        return "caught"
    print(result.stdout[-2000:], result.stderr[-2000:])
    return "stale"  # the tests could not run (collection error, no tests): the list needs care


def main(words: list[str]) -> int:
    chosen = [f for f in FAULTS if all(w.lower() in f.name.lower() for w in words)]
    outcomes: dict[str, list[str]] = {"caught": [], "missed": [], "skipped": [], "stale": []}
    for number, fault in enumerate(chosen, start=1):
        started = time.monotonic()
        print(f"[{number}/{len(chosen)}] {fault.name} ...", flush=True)
        outcome = run(fault)
        outcomes[outcome].append(fault.name)
        print(f"    {outcome} ({time.monotonic() - started:.0f} s)", flush=True)
    print()
    print(", ".join(f"{len(names)} {outcome}" for outcome, names in outcomes.items()))
    for outcome in ("missed", "stale"):
        for name in outcomes[outcome]:
            print(f"{outcome.upper()}: {name}")
    if outcomes["skipped"]:
        print("Skipped (set DATABASE_URL to PostgreSQL to run them): " + "; ".join(outcomes["skipped"]))
    return 1 if outcomes["missed"] or outcomes["stale"] else 0


if __name__ == "__main__":
    # A stop (Ctrl-C or SIGTERM) unwinds through ``finally``, so the seeded file is restored.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    sys.exit(main(sys.argv[1:]))
