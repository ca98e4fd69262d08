"""The ``opslint`` command: forward to a running daemon when there is one, else run here.

This module runs on every start, so it imports next to nothing (``os``, ``sys`` and
modules written in C: ``_socket``, ``_signal``; see ``opslint.daemon.protocol``). When a
daemon of this very installation answers (``opslint daemon start``, docs/daemon.md),
``check`` and ``fix`` run in a child forked from it, which gets this
process's arguments, folder, environment and its stdin, stdout and stderr descriptors; this
process waits and exits with the child's status. Whenever anything is unusual (no daemon, a
stale socket, a daemon of other code, a protocol error before the run began, Windows),
the command runs in this process, exactly as without a daemon: a daemon changes how fast
a result comes, never the result.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import _socket

__all__ = ["main"]

FORWARDED = frozenset({"check", "fix"})  # the commands a daemon serves
AUTOSTART_ENV = "OPSLINT_DAEMON"  # "1": start a daemon in the background when none answers
OFF_ENV = "OPSLINT_NO_DAEMON"  # "1": never use a daemon
_REPLY_TIMEOUT = 30.0  # seconds for a daemon to accept a request; after it, run here


def main() -> None:
    if _forwardable(sys.argv[1:]) and os.environ.get(OFF_ENV, "") in ("", "0"):
        status = _forward(sys.argv)
        if status is not None:
            _exit_like(status)
    from opslint.dataclass_bytecode import install as keep_dataclass_methods
    from opslint.regex_cache import install as keep_compiled_patterns

    # Before the first dataclass and the first pattern: both come compiled from the tables
    # beside the package's bytecode (opslint/pycache_table.py).
    keep_dataclass_methods()
    keep_compiled_patterns()
    from opslint.cli import main as run_here

    run_here()


def _forwardable(args: list[str]) -> bool:
    """The command is one a daemon serves (``--debug`` may come before it)."""
    for arg in args:
        if arg == "--debug":
            continue
        return arg in FORWARDED
    return False


def _forward(argv: list[str]) -> tuple[str, int] | None:
    """("exit", code) or ("signal", number) of the run in the daemon, or None: not run
    there (then it is run here)."""
    from opslint.daemon import protocol

    if not protocol.supported():
        return None
    paths = protocol.Paths()
    conn = None
    try:
        if not paths.private():
            raise OSError("no private runtime folder")
        conn = protocol.connect(paths.socket, _REPLY_TIMEOUT)
        if protocol.peer_uid(conn) != os.getuid():
            raise OSError("the socket is not served by this user")
        protocol.send(conn, _request(argv), [0, 1, 2])
        reply, _ = protocol.receive(conn)
    except (OSError, EOFError, ValueError):
        if conn is not None:
            conn.close()
        _maybe_autostart(paths)
        return None
    if not (isinstance(reply, tuple) and reply[:1] == ("accepted",)):
        conn.close()  # refused: stale code, other interpreter, ...
        if reply != ("refused", protocol.OTHER):  # a daemon of other code: leave it be
            _maybe_autostart(paths)
        return None
    return _wait(conn, reply[1] if len(reply) > 1 and isinstance(reply[1], int) else 0)


def _request(argv: list[str]) -> dict[str, object]:
    from opslint.daemon.protocol import PROTOCOL, code_identity

    umask = os.umask(0o022)
    os.umask(umask)
    streams = []
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        streams.append((getattr(stream, "encoding", None) or "utf-8",
                        getattr(stream, "errors", None) or "strict",
                        bool(getattr(stream, "line_buffering", False)),
                        bool(getattr(stream, "write_through", False))))
    return {"protocol": PROTOCOL, "identity": code_identity(), "argv": list(argv),
            "cwd": os.getcwdb(), "env": dict(os.environb), "umask": umask,
            "streams": streams}


def _wait(conn: _socket.socket, pid: int) -> tuple[str, int] | None:
    """Wait for the child's status, passing on the signals that would stop this process
    (Ctrl-C in a terminal reaches this process's group, not the child)."""
    import _signal  # type: ignore[import-not-found]  # (signal would import enum)

    from opslint.daemon.protocol import receive

    def forward(number: int, _frame: object) -> None:
        if pid > 0:
            try:  # noqa: SIM105 (contextlib is not loaded by the client)
                os.kill(pid, number)
            except OSError:
                pass

    for number in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP):
        _signal.signal(number, forward)
    try:
        conn.settimeout(None)
        reply, _ = receive(conn)
    except (OSError, EOFError, ValueError):
        reply = None
    if (isinstance(reply, tuple) and len(reply) == 2 and reply[0] in ("exit", "signal")
            and isinstance(reply[1], int)):
        return reply[0], reply[1]
    # The run began in the daemon and its end was lost: running it again here could write
    # its output twice, so say so and fail as opslint does on its own bugs.
    sys.stderr.write("opslint: error: the opslint daemon stopped during this run; run "
                     "the command again (or set OPSLINT_NO_DAEMON=1).\n")
    return "exit", 3


def _exit_like(status: tuple[str, int]) -> None:
    kind, value = status
    if kind == "signal":
        import _signal

        _signal.signal(value, _signal.SIG_DFL)
        os.kill(os.getpid(), value)
        value = 128 + value
    sys.exit(value)


def _maybe_autostart(paths: object) -> None:
    if os.environ.get(AUTOSTART_ENV, "") not in ("", "0"):
        from opslint.daemon.control import spawn

        spawn(paths)  # type: ignore[arg-type]
