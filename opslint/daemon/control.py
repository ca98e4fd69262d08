"""Starting, asking and stopping a daemon from the outside (``opslint daemon``, and the
client when ``OPSLINT_DAEMON=1``)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from opslint.daemon import protocol
from opslint.daemon.protocol import DEFAULT_IDLE

__all__ = ["IDLE_ENV", "ask", "boot", "serve_here", "spawn", "wait_until_up"]

IDLE_ENV = "OPSLINT_DAEMON_IDLE_TIMEOUT"  # seconds; the default idle timeout of a daemon
# Run by a fresh interpreter: the same import path as the process that started it (the
# daemon serves only clients whose path is equal), then the server.
_BOOT = ("import sys; sys.path[0] = sys.argv[1]; "
         "from opslint.daemon.server import main; sys.exit(main(sys.argv[2:]))")


def idle_timeout(value: float | None = None) -> float:
    if value is not None:
        return value
    try:
        chosen = float(os.environ.get(IDLE_ENV, ""))
    except ValueError:
        return DEFAULT_IDLE
    return chosen if chosen > 0 else DEFAULT_IDLE


def boot(idle: float | None, *extra: str) -> list[str]:
    """The command that runs a daemon: this interpreter with this process's import path
    (a daemon serves only clients whose path is equal), not importing the server here (the
    server runs the command line: importing it from there would be a cycle)."""
    return [sys.executable, "-c", _BOOT, sys.path[0], repr(idle_timeout(idle)), *extra]


def serve_here(idle: float | None) -> None:
    """Become the daemon (``opslint daemon start --foreground``): never returns."""
    argv = boot(idle, "--foreground")
    os.execv(argv[0], argv)


def spawn(paths: protocol.Paths, idle: float | None = None) -> int | None:
    """Start a daemon detached from this process (its own session, output to the log
    file); the pid of the process started, or None. It exits at once when one runs."""
    if not protocol.supported() or not paths.private(create=True):
        return None
    argv = boot(idle)
    try:
        read, write = os.pipe()
        first = os.fork()
    except OSError:
        return None
    if first == 0:  # a session of its own, then a grandchild that init adopts
        try:
            os.close(read)
            os.setsid()
            second = os.fork()
            if second == 0:
                null = os.open(os.devnull, os.O_RDONLY)
                log = os.open(paths.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                os.dup2(null, 0)
                os.dup2(log, 1)
                os.dup2(log, 2)
                os.close(write)
                os.chdir("/")
                os.execv(sys.executable, argv)
            os.write(write, str(second).encode())
        finally:
            os._exit(0)
    os.close(write)
    try:
        data = os.read(read, 32)
    finally:
        os.close(read)
    os.waitpid(first, 0)
    return int(data) if data.isdigit() else None


def ask(paths: protocol.Paths, control: str, timeout: float = 5.0) -> Any:
    """A control request's answer ("status", "stop"), or None when no daemon answers."""
    if not protocol.supported() or not paths.private():
        return None
    try:
        conn = protocol.connect(paths.socket, timeout)
    except OSError:
        return None
    try:
        if protocol.peer_uid(conn) != os.getuid():
            return None
        protocol.send(conn, {"protocol": protocol.PROTOCOL, "control": control})
        reply, _ = protocol.receive(conn)
    except (OSError, EOFError, ValueError):
        return None
    finally:
        conn.close()
    return reply


def wait_until_up(paths: protocol.Paths, pid: int | None, timeout: float) -> Any:
    """The status of the daemon once it answers, or None (it exited, or timed out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = ask(paths, "status")
        if isinstance(reply, tuple) and reply[:1] == ("status",):
            return reply[1]
        if pid is not None and not _alive(pid):
            return ask(paths, "status")  # another daemon held the lock: it may answer
        time.sleep(0.05)
    return None


def wait_until_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own child, not reaped yet) counts as gone.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True
