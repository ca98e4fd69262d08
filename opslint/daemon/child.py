"""What a forked child does with a request: become the client's process (its folder,
environment, umask, locale, time zone, standard streams and arguments), run the ordinary
command line, and exit with the status that command would have given in-process."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["run"]

_FLUSH_FAILED = 120  # what Python exits with when flushing stdout at exit fails


def run(request: dict[str, Any], fds: Sequence[int], go: int) -> None:
    """Never returns: waits for the daemon's go-ahead on ``go`` (the daemon told the client
    the request was accepted), runs, and exits."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        ready = os.read(go, 1)
        os.close(go)
        if not ready:  # the client never heard of this run: it runs the command itself
            os._exit(0)
        _become(request, fds)
        code = _main(list(request["argv"]))
    except BaseException:  # the set-up failed: a last word on the client's stderr
        try:
            import traceback

            traceback.print_exc()
        except BaseException:
            pass
    finally:
        os._exit(code)


def _become(request: dict[str, Any], fds: Sequence[int]) -> None:
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.environb.clear()
    os.environb.update(request["env"])
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    import time

    time.tzset()
    import locale

    with contextlib.suppress(locale.Error):  # as Python does at start-up: LC_CTYPE from
        locale.setlocale(locale.LC_CTYPE, "")  # the environment
    streams = []
    for fd, mode, spec in zip((0, 1, 2), ("r", "w", "w"), request["streams"], strict=True):
        encoding, errors, line_buffering, write_through = spec
        raw = open(fd, mode + "b", closefd=False)  # noqa: SIM115 (lives as long as we do)
        stream = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="\n",
                                  line_buffering=line_buffering, write_through=write_through)
        streams.append(stream)
    sys.stdin, sys.stdout, sys.stderr = streams
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = streams  # type: ignore[misc]
    sys.argv = list(request["argv"])


def _main(argv: list[str]) -> int:
    """The exit status of ``opslint ARGS`` as the interpreter would give it."""
    from opslint.cli import main

    try:
        main(argv[1:])
        code = 0
    except SystemExit as stop:
        code = _status(stop.code)
    except KeyboardInterrupt:
        import traceback

        traceback.print_exc()
        _flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        code = 130
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    if "threading" in sys.modules:  # as at interpreter exit: wait for non-daemon threads
        sys.modules["threading"]._shutdown()
    import atexit

    atexit._run_exitfuncs()
    return code if _flush() else _FLUSH_FAILED


def _status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    with contextlib.suppress(Exception):
        print(code, file=sys.stderr)
    return 1


def _flush() -> bool:
    ok = True
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            ok = stream is not sys.stdout and ok
    return ok
