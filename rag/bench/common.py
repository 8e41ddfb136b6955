"""Small helpers shared by the benchmarks: percentiles, memory, disk size, tables."""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

import numpy as np


def percentiles(samples_s: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    if not samples_s:
        return float("nan"), float("nan")
    values = np.asarray(samples_s) * 1000
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (MB).

    Linux's VmHWM belongs to the process image, so it starts afresh in a new program;
    ru_maxrss survives exec and would report the parent's peak for a benchmark worker.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb_of(pid: int) -> float:
    """Current resident memory of another process (MB), from /proc (0.0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) / 1e6


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def free_port() -> int:
    """A free TCP port on localhost."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(process: "subprocess.Popen[bytes]", url: str, timeout_s: float) -> None:
    """Return once GET `url` answers 200; kill the process and raise when it doesn't in time."""
    import time

    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{url} did not answer within {timeout_s:.0f} s")
