"""Run wrk against one URL and read the line its Lua script prints (report.lua)."""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("report.lua")
MARK = "BENCH "


class WrkError(RuntimeError):
    pass


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    first_status: int
    first_location: str
    socket_errors: int
    timeouts: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def redirected_to_login(self) -> bool:
        return self.first_status in (301, 302) and "/accounts/login/" in self.first_location


def parse_output(text: str) -> WrkResult:
    """The result from wrk's standard output; raises WrkError when the script's line is missing."""
    line = next((line for line in text.splitlines() if line.startswith(MARK)), None)
    if line is None:
        raise WrkError(f"wrk printed no result line:\n{text.strip()}")
    raw = json.loads(line.removeprefix(MARK))
    return WrkResult(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        non_2xx=raw["non_2xx"],
        first_status=raw["first_status"],
        first_location=raw["first_location"],
        socket_errors=raw["socket_errors"],
        timeouts=raw["timeouts"],
    )


def command(url: str, *, seconds: int, threads: int, connections: int, headers: dict[str, str]) -> list[str]:
    executable = shutil.which("wrk")
    if executable is None:
        raise WrkError("wrk is not installed (apt-get install wrk).")
    args = [executable, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(SCRIPT)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    return [*args, url]


def run(url: str, *, seconds: int, threads: int, connections: int, headers: dict[str, str]) -> WrkResult:
    args = command(url, seconds=seconds, threads=threads, connections=connections, headers=headers)
    # Loopback only, our own arguments; wrk stops itself after `seconds`, the timeout is a backstop.
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30, check=False)  # noqa: S603
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode}: {done.stderr.strip() or done.stdout.strip()}")
    return parse_output(done.stdout)
