"""Throughput of the catalogue, anonymous and a member's search: gunicorn, 2 workers, wrk."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.local import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("p50_ms %.3f\\n", latency:percentile(50) / 1000))
  io.write(string.format("p95_ms %.3f\\n", latency:percentile(95) / 1000))
  io.write(string.format("requests %d\\n", summary.requests))
  io.write(string.format("errors %d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def measure(
    path: str = "/projekte/",
    connections: int = 32,
    seconds: int = 15,
    *,
    cookie: str = "",
    label: str = "anonymous catalogue",
) -> dict:
    """Requests per second of ``path``; with ``cookie``, as the person of that session."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    port = free_port()
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "ikone.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=os.environ.copy())  # noqa: S603
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", timeout=30)
        url = f"http://127.0.0.1:{port}{path}"
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        subprocess.run(  # warm-up, so workers have connections and caches  # noqa: S603
            [wrk, "-t2", "-c4", "-d2s", *headers, url], check=True, capture_output=True
        )
        output = subprocess.run(  # noqa: S603
            [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", *headers, "-s", script.name, url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        os.unlink(script.name)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = dict(re.findall(r"^(p50_ms|p95_ms|requests|errors) ([\d.]+)$", output, re.M))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    return {
        "case": f"throughput: {label}, gunicorn 2 workers, wrk {connections} conns",
        "p50_ms": float(figures["p50_ms"]),
        "p95_ms": float(figures["p95_ms"]),
        "queries": None,
        "raw_sql_ms": None,
        "ratio_to_sql": None,
        "requests_per_second": float(rps.group(1)) if rps else None,
        "requests": int(figures["requests"]),
        "errors": int(figures["errors"]),
        "seconds": seconds,
    }
