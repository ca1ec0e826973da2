"""The desk's production processes for scripts that drive them: start, wait until they answer, stop.

gunicorn as `make serve` runs it (factcheck/gunicorn_conf.py) and `manage.py db_worker` as `make worker`
runs it, each in its own session (process group) with its output in a log file, so that stopping one ends
its forked workers too, whatever happened. tests/smoke_serve.py, tests/fuzz/run_schemathesis.py,
bench/load.py, bench/bench_search_workers.py and bench/bench_serve_uploads.py use it; they run as scripts
with the repository on sys.path. The readings of a running process (its children, its memory, whether it
mapped kiwipiepy) come from /proc: Linux only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PYTHON = sys.executable


class ServerFailed(RuntimeError):
    """A process exited, or did not answer in time, while a script waited for it; the message ends with
    the tail of its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(*options: str) -> list[str]:
    """`make serve`'s gunicorn, with extra command-line options (e.g. an access log) before the app."""
    return [PYTHON, "-m", "gunicorn", "-c", "factcheck/gunicorn_conf.py", *options, "factcheck.wsgi"]


def db_worker_command(*options: str) -> list[str]:
    """`make worker`'s db_worker, with extra options (e.g. `--interval 0.2`)."""
    return [PYTHON, "manage.py", "db_worker", "--no-reload", *options]


@dataclass
class Process:
    """A started process and the log its output goes to."""

    popen: subprocess.Popen
    log_path: Path
    name: str

    @property
    def pid(self) -> int:
        return self.popen.pid

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return ""

    def wait_until(self, predicate: Callable[[], object], *, timeout: float, what: str, every: float = 0.3):
        """Poll `predicate` until it returns something true (returned), failing if the process exits first
        or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while True:
            if self.popen.poll() is not None:
                raise ServerFailed(f"{self.name} exited with {self.popen.returncode}:\n{self.log_tail()}")
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise ServerFailed(f"{self.name} did not {what} within {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(every)

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM to the process group (the process and whatever it forked), SIGKILL if it outlives `timeout`."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()


@dataclass
class Server(Process):
    """gunicorn (or `make serve`, which execs it) listening on HOST:port."""

    port: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def workers(self) -> list[int]:
        """The web workers' process ids (the master's children)."""
        return children(self.pid)

    def wait_until_answering(
        self, path: str = "/readyz", *, statuses: Sequence[int] | None = (200,), timeout: float = 60
    ) -> int:
        """Wait until GET `path` answers with one of `statuses` (None: any HTTP answer); that status."""
        return self.wait_until(lambda: _answer(self.url + path, statuses), timeout=timeout, what=f"answer GET {path}")

    def wait_for_workers(self, count: int, *, timeout: float = 120) -> list[int]:
        """Wait until the master has forked `count` workers; their process ids."""

        def forked() -> list[int] | None:
            pids = self.workers()
            return pids if len(pids) >= count else None

        return self.wait_until(forked, timeout=timeout, what=f"fork {count} workers", every=0.05)


def _answer(url: str, statuses: Sequence[int] | None) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own loopback server
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:  # not listening yet
        return None
    return status if statuses is None or status in statuses else None


def _spawn(command: Sequence[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    with open(log_path, "wb") as log:  # the child holds its own descriptor
        return subprocess.Popen(
            list(command), cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_server(command: Sequence[str], *, env: dict[str, str], port: int, log_path: Path) -> Server:
    """Start gunicorn (FACTCHECK_BIND set to HOST:port); the caller waits with `wait_until_answering`."""
    env = {**env, "FACTCHECK_BIND": f"{HOST}:{port}"}
    return Server(_spawn(command, env, log_path), Path(log_path), "gunicorn", port)


def start_worker(*, env: dict[str, str], log_path: Path, options: Sequence[str] = ()) -> Process:
    return Process(_spawn(db_worker_command(*options), env, log_path), Path(log_path), "db_worker")


@contextlib.contextmanager
def serving(
    command: Sequence[str],
    *,
    env: dict[str, str],
    port: int,
    log_path: Path,
    ready_path: str = "/readyz",
    ready_statuses: Sequence[int] | None = (200,),
    timeout: float = 60,
    stop_timeout: float = 30,
) -> Iterator[Server]:
    """gunicorn answering `ready_path` until the block ends; stopped at the end, whatever happens."""
    server = start_server(command, env=env, port=port, log_path=log_path)
    try:
        server.wait_until_answering(ready_path, statuses=ready_statuses, timeout=timeout)
        yield server
    finally:
        server.stop(stop_timeout)


# Readings of a running process ----------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def memory_mb(pid: int) -> dict[str, float]:
    """RSS, PSS (shared pages split between the processes that map them) and private pages, from
    /proc/<pid>/smaps_rollup; `peak` is the most RSS the process has had (VmHWM in /proc/<pid>/status)."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == "kB":
                values[parts[0].rstrip(":")] = int(parts[1]) / 1024
    private = values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)
    peak = 0.0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return {"rss": values["Rss"], "pss": values["Pss"], "private": private, "peak": peak}


def maps_library(pid: int, name: str) -> bool:
    """Whether the process has a file whose path contains `name` mapped (e.g. kiwipiepy's extension)."""
    with open(f"/proc/{pid}/maps") as f:
        return any(name in line for line in f)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (/proc/<pid>/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
