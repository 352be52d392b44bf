"""What the fault suite starts and breaks: its own Redis, the loopback SMTP
sink and real Celery workers, each a subprocess it can stop, kill or restart."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "faults"
BIN = Path(sys.executable).parent
SMTP_DELAY_MS = float(os.environ.get("FAULTS_SMTP_DELAY_MS", 0))


def log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def wait_for(condition: Callable[[], bool], timeout: float, what: str, poll: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(poll)
    raise TimeoutError(f"not reached in {timeout:g} s: {what}")


class Redis:
    def __init__(self, port: int) -> None:
        self.port = port
        self.dir = VAR / "redis"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.ping, 20, "redis answers", poll=0.1)

    def ping(self) -> bool:
        done = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
        )
        return done.stdout.strip() == "PONG"

    def flush(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "flushall"], capture_output=True)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # a clean shutdown: the append-only file is complete
            self.process.wait(30)


class Sink:
    def __init__(self, port: int, path: Path) -> None:
        self.port, self.path = port, path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.faults.smtp_sink", "--port", str(self.port)]
            + ["--log", str(self.path), "--delay-ms", str(SMTP_DELAY_MS)],
            cwd=ROOT,
        )

        def listening() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                return False

        wait_for(listening, 20, "SMTP sink listens", poll=0.05)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def accepted(self) -> list[list[str]]:
        if not self.path.exists():
            return []
        lines = self.path.read_text().splitlines()
        return [line.split("\t") for line in lines if line.count("\t") == 3]

    def count(self) -> int:
        if not self.path.exists():
            return 0
        with self.path.open("rb") as handle:
            return sum(1 for _ in handle)


@dataclass
class Worker:
    name: str
    env: dict
    process: subprocess.Popen | None = None
    restarts: int = 0
    logs: list[Path] = field(default_factory=list)

    def start(self) -> None:
        path = VAR / f"worker-{self.name}-{len(self.logs)}.log"
        self.logs.append(path)
        self.process = subprocess.Popen(
            [str(BIN / "celery"), "-A", "ikone", "worker", "--concurrency=2", "--pool=prefork"]
            + [f"--hostname={self.name}@%h", "--loglevel=WARNING"]
            + ["--without-gossip", "--without-mingle"],
            cwd=ROOT,
            env=self.env,
            stdout=path.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill_all(self) -> None:
        """kill -9 of the worker and its pool processes (its process group)."""
        if self.process:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def pool_pids(self) -> list[int]:
        assert self.process
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == self.process.pid:
                children.append(int(entry.name))
        return children

    def kill_busy_pool_process(self) -> int:
        """kill -9 of the pool process that uses the most CPU right now."""

        def cpu(pid: int) -> int:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return 0
            return int(fields[11]) + int(fields[12])

        pids = self.pool_pids()
        before = {pid: cpu(pid) for pid in pids}
        time.sleep(0.3)
        busy = max(pids, key=lambda pid: cpu(pid) - before[pid])
        os.kill(busy, signal.SIGKILL)
        return busy

    def stop(self) -> None:
        if not self.alive:
            return
        assert self.process
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.kill_all()
