"""The daemon: warm once, then fork a child per request (docs/daemon.md).

One process, one thread: it accepts a connection, checks who is asking (the peer's user
id) and that the asker would run the very same code (``protocol.code_identity``) as this
process still does (``Fingerprint``), tells the client the run is accepted, and forks. The
parent keeps the connection and, when the child ends (a pidfd in the same selector), sends
its status. Every child starts from the same warmed, pristine state: nothing one run does
reaches the next.
"""

from __future__ import annotations

import contextlib
import gc
import os
import selectors
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from opslint.daemon import protocol
from opslint.daemon.fingerprint import Fingerprint
from opslint.daemon.protocol import DEFAULT_IDLE

__all__ = ["Daemon", "main", "warm"]

_POLL = 0.05  # seconds between looks at children when pidfds are not available
_READ_TIMEOUT = 10.0  # seconds for a client to send its request
_SKIP = ("opslint.server", "opslint.daemon", "opslint.entry", "opslint.__main__")
_NOT_WARMED = {"pygls", "lsprotocol", "_signal"}  # the language server's; the client's
_RE_CACHE = 8192  # compiled patterns re keeps (512 by default): a run compiles about 1,000


class _Stop(Exception):
    """SIGTERM: leave the loop."""


def warm() -> list[str]:
    """Import every module a command may need: opslint's own (not the language server, not
    this package) and every module they import, at the top or lazily inside a function
    (tomllib and pathspec for a config, multiprocessing for --jobs, ...). Nothing is loaded
    or run here: rules, config and caches are read per run, in the child. Returns what
    could not be imported (an optional extra not installed: a run says so itself)."""
    import ast
    import importlib
    import pkgutil

    import opslint

    failed = []
    names: set[str] = set()
    for info in pkgutil.walk_packages(opslint.__path__, "opslint."):
        if info.name.startswith(_SKIP):
            continue
        try:
            module = importlib.import_module(info.name)
            source = Path(module.__file__ or "").read_text(encoding="utf-8")
            tree = ast.parse(source)
        except Exception:
            failed.append(info.name)
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    for name in sorted(names - set(sys.modules)):
        if name.startswith(_SKIP) or name.split(".")[0] in _NOT_WARMED:
            continue
        try:
            importlib.import_module(name)
        except Exception:
            failed.append(name)
    return failed


class Daemon:
    def __init__(self, paths: protocol.Paths, idle: float = DEFAULT_IDLE,
                 uid: int | None = None) -> None:
        self.paths = paths
        self.idle = idle
        self.uid = os.getuid() if uid is None else uid
        self.identity = protocol.code_identity()
        self.started = time.time()
        self.served = 0
        self.retiring = ""  # why no new request is taken (stop, stale code)
        self.children: dict[int, tuple[socket.socket, int | None]] = {}
        self.selector: selectors.BaseSelector | None = None
        self.listener: socket.socket | None = None
        self.lock: int | None = None

    def acquire(self, patience: float = 0.0) -> bool:
        """Take the installation's lock: False when another daemon holds it for longer than
        ``patience`` seconds (a stale daemon exits as soon as its last run ends)."""
        import fcntl

        if not self.paths.private(create=True):
            raise OSError(f"{self.paths.folder} is not a private folder of this user (0700)")
        fd = os.open(self.paths.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        deadline = time.monotonic() + patience
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(0.1)
        self.lock = fd
        return True

    def serve(self, ready: Any = None) -> None:
        """Warm, listen, and serve until idle, stopped or stale (the lock is held)."""
        self.fingerprint = Fingerprint()  # before importing: an edit meanwhile is seen
        warm()
        import re

        size = getattr(re, "_MAXCACHE", None)
        if isinstance(size, int):  # children find what the warm-up compiled in re's cache
            setattr(re, "_MAXCACHE", max(size, _RE_CACHE))  # noqa: B010 (private to re)
        from opslint.daemon.warmup import warm_run

        warm_run()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.paths.socket)  # left by a daemon that crashed: we hold the lock
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.paths.socket)
        os.chmod(self.paths.socket, 0o600)
        listener.listen(64)
        self.listener = listener
        with open(self.paths.pid, "w", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        signal.signal(signal.SIGTERM, _raise_stop)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # detached: no terminal to lose
        gc.collect()
        gc.freeze()  # children do not copy the warmed objects' pages by counting them
        if ready is not None:
            ready()
        try:
            self._loop()
        except (_Stop, KeyboardInterrupt):
            pass
        finally:
            self._close()

    def _loop(self) -> None:
        assert self.listener is not None
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ, None)
        last = time.monotonic()
        while True:
            polled = [pid for pid, (_, pidfd) in self.children.items() if pidfd is None]
            if self.children:
                timeout = _POLL if polled else None
            elif self.retiring:
                return
            else:
                timeout = max(0.0, last + self.idle - time.monotonic())
            events = self.selector.select(timeout)
            for key, _ in events:
                if key.data is None:
                    self._accept()
                else:
                    self._reap(key.data, 0)
            for pid in polled:
                self._reap(pid, os.WNOHANG)
            if events or self.children:
                last = time.monotonic()
            elif time.monotonic() >= last + self.idle:
                return

    def _accept(self) -> None:
        assert self.listener is not None
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        keep = False
        try:
            conn.settimeout(_READ_TIMEOUT)
            keep = self._handle(conn)
        except (OSError, EOFError, ValueError):
            pass
        finally:
            if not keep:
                conn.close()

    def _handle(self, conn: socket.socket) -> bool:
        """Answer a request; True when a child now owns the run (keep the connection)."""
        if protocol.peer_uid(conn) != self.uid:
            protocol.send(conn, ("refused", "another user"))
            return False
        request, fds = protocol.receive(conn, max_fds=3)
        try:
            return self._answer(conn, request, fds)
        finally:
            for fd in fds:
                os.close(fd)

    def _answer(self, conn: socket.socket, request: Any, fds: list[int]) -> bool:
        if not isinstance(request, dict) or request.get("protocol") != protocol.PROTOCOL:
            protocol.send(conn, ("refused", "protocol"))
            return False
        control = request.get("control")
        if control == "status":
            protocol.send(conn, ("status", self.status()))
            return False
        if control == "stop":
            self._retire("stopped")
            protocol.send(conn, ("stopping", os.getpid()))
            return False
        if request.get("identity") != self.identity:
            protocol.send(conn, ("refused", protocol.OTHER))
            return False
        if self.retiring:
            protocol.send(conn, ("refused", self.retiring))
            return False
        if self.fingerprint.changed():
            self._retire("opslint's files changed since the daemon started")
            protocol.send(conn, ("refused", self.retiring))
            return False
        if len(fds) != 3 or not _valid_run(request):
            protocol.send(conn, ("refused", "malformed request"))
            return False
        self._fork(conn, request, fds)
        return True

    def _fork(self, conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: nothing of the daemon's but the warmed modules
            os.close(go_write)
            os.close(conn.detach())
            self._forget()
            from opslint.daemon.child import run

            run(request, fds, go_read)
        os.close(go_read)
        try:
            protocol.send(conn, ("accepted", pid))
            os.write(go_write, b"g")
        except OSError:  # the client left: the child exits without running
            pass
        finally:
            os.close(go_write)
        pidfd: int | None
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        self.children[pid] = (conn, pidfd)
        if pidfd is not None and self.selector is not None:
            self.selector.register(pidfd, selectors.EVENT_READ, pid)
        self.served += 1

    def _reap(self, pid: int, flags: int) -> None:
        try:
            done, status = os.waitpid(pid, flags)
        except ChildProcessError:
            done, status = pid, 1 << 8  # reaped elsewhere: should not happen
        if done == 0:
            return
        conn, pidfd = self.children.pop(pid)
        if pidfd is not None:
            if self.selector is not None:
                self.selector.unregister(pidfd)
            os.close(pidfd)
        if os.WIFSIGNALED(status):
            reply = ("signal", os.WTERMSIG(status))
        else:
            reply = ("exit", os.waitstatus_to_exitcode(status))
        with contextlib.suppress(OSError):
            protocol.send(conn, reply)
        conn.close()

    def _retire(self, why: str) -> None:
        """Take no more requests: new clients find no socket and run in-process."""
        self.retiring = why
        self._remove_files()

    def _remove_files(self) -> None:
        for path in (self.paths.socket, self.paths.pid):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def _forget(self) -> None:
        """In a child: close the daemon's descriptors (listener, selector, other runs' and
        the lock, which the daemon alone must hold)."""
        for fd in self._descriptors():
            with contextlib.suppress(OSError):
                os.close(fd)
        self.children.clear()

    def _descriptors(self) -> Iterator[int]:
        if self.listener is not None:
            yield self.listener.detach()
        if self.selector is not None:
            with contextlib.suppress(AttributeError):
                yield self.selector.fileno()  # type: ignore[attr-defined]
        for conn, pidfd in self.children.values():
            yield conn.detach()
            if pidfd is not None:
                yield pidfd
        if self.lock is not None:
            yield self.lock

    def status(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "started": self.started, "served": self.served,
                "running": len(self.children), "idle_timeout": self.idle,
                "package": self.identity["package"], "stale": self.fingerprint.changed()}

    def _close(self) -> None:
        if self.listener is not None:
            if not self.retiring:
                self._remove_files()
            self.listener.close()
        for pid in list(self.children):  # stopped while runs were going: let them end
            self._reap(pid, 0)
        if self.selector is not None:
            self.selector.close()
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None


def _valid_run(request: dict[str, Any]) -> bool:
    argv, streams = request.get("argv"), request.get("streams")
    return (isinstance(argv, list) and len(argv) >= 1 and all(isinstance(a, str) for a in argv)
            and isinstance(request.get("cwd"), bytes) and isinstance(request.get("env"), dict)
            and isinstance(request.get("umask"), int) and isinstance(streams, list)
            and len(streams) == 3)


def _raise_stop(_number: int, _frame: object) -> None:
    raise _Stop


def main(argv: list[str]) -> int:
    """``python -c ... PATH0 IDLE [--foreground]``: run a daemon in this process (see
    ``control.boot``); exit 0 also when another daemon of the installation holds the lock."""
    idle = float(argv[0]) if argv else DEFAULT_IDLE
    foreground = "--foreground" in argv[1:]
    daemon = Daemon(protocol.Paths(), idle)
    try:
        if not daemon.acquire(patience=0.0 if foreground else 5.0):
            print("opslint: another daemon of this installation is running or starting.",
                  file=sys.stderr)
            return 2 if foreground else 0
    except OSError as error:
        print(f"opslint: error: {error}", file=sys.stderr)
        return 2

    def ready() -> None:
        if foreground:
            print(f"opslint daemon serving on {daemon.paths.socket} (pid {os.getpid()}, "
                  f"idle timeout {idle:g} s); Ctrl-C stops it.", file=sys.stderr, flush=True)

    daemon.serve(ready)
    return 0
