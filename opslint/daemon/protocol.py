"""What the client and the daemon share: where the socket lives, the messages, and what
must be equal between them for a forwarded run to behave exactly as an in-process one.

Imported by the client on every start, so only ``os``, ``sys`` and modules written in C:
``_socket`` (the ``socket`` module would import ``enum`` and ``selectors``, as long as the
rest of the client's start), ``marshal`` and ``zlib``. The functions take a
``_socket.socket``, which ``socket.socket`` (the daemon's) derives from.
"""

from __future__ import annotations

import _socket
import marshal
import os
import sys
import zlib

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs the client more than the rest of its start
    from typing import Any

__all__ = ["DEFAULT_IDLE", "DIR_ENV", "OTHER", "PROTOCOL", "Paths", "code_identity", "connect",
           "peer_uid", "receive", "send", "supported"]

PROTOCOL = 1
OTHER = "other code or interpreter"  # why a daemon refuses a client unlike itself
DEFAULT_IDLE = 900.0  # seconds without a request before a daemon exits
DIR_ENV = "OPSLINT_DAEMON_DIR"  # the runtime folder (tests; default below)
_INT = 4  # bytes of a descriptor in SCM_RIGHTS (a C int)
_LIMIT = 16 << 20  # bytes of one message: an environment is a few KiB
PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # opslint/


def supported() -> bool:
    """fork, AF_UNIX with descriptor passing and SO_PEERCRED (Linux): else in-process."""
    return (sys.platform != "win32" and hasattr(os, "fork") and hasattr(_socket, "AF_UNIX")
            and hasattr(_socket, "SCM_RIGHTS") and hasattr(_socket, "SO_PEERCRED")
            and hasattr(_socket.socket, "sendmsg"))


def connect(path: str, timeout: float) -> _socket.socket:
    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)
        conn.connect(path)  # a stale socket: ConnectionRefusedError
    except OSError:
        conn.close()
        raise
    return conn


def code_identity() -> dict[str, Any]:
    """What a daemon must share with a client to run its command as the client would:
    the same opslint package, interpreter, start-up flags and import path. (The daemon
    checks separately that its own files have not changed since it started.)"""
    return {
        "package": PACKAGE,
        "executable": sys.executable,
        "version": sys.version,
        "flags": tuple(sys.flags),
        "fs": (sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()),
        "warnoptions": tuple(sys.warnoptions),
        "xoptions": tuple(sorted((str(k), str(v)) for k, v in sys._xoptions.items())),
        "path": tuple(sys.path),
    }


class Paths:
    """The files of the daemon serving one installation: socket, pid, lock and log file,
    in a private per-user folder."""

    def __init__(self, folder: str | None = None) -> None:
        self.folder = folder or default_folder()
        where = "\0".join((PACKAGE, sys.executable)).encode("utf-8", "surrogateescape")
        key = f"{zlib.crc32(where):08x}"
        base = os.path.join(self.folder, f"opslint-{key}")
        self.socket, self.pid, self.lock, self.log = (base + ".sock", base + ".pid",
                                                      base + ".lock", base + ".log")

    def private(self, create: bool = False) -> bool:
        """The folder exists (created when asked), is ours and nobody else's (0700)."""
        if create:
            try:
                os.makedirs(self.folder, mode=0o700, exist_ok=True)
            except OSError:
                return False
        try:
            info = os.lstat(self.folder)
        except OSError:
            return False
        import stat

        return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
                and not info.st_mode & 0o077)


def default_folder() -> str:
    chosen = os.environ.get(DIR_ENV)
    if chosen:
        return os.path.abspath(chosen)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        return os.path.join(runtime, "opslint")
    return f"/tmp/opslint-{os.getuid()}"


def peer_uid(conn: _socket.socket) -> int:
    """The user id of the process at the other end (SO_PEERCRED: pid, uid, gid)."""
    creds = conn.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
    return int.from_bytes(creds[4:8], sys.byteorder)


def send(conn: _socket.socket, message: Any, fds: list[int] | None = None) -> None:
    data = marshal.dumps(message)
    data = len(data).to_bytes(4, "big") + data
    if fds:  # the descriptors ride on the first bytes; the rest follows as a stream
        packed = b"".join(fd.to_bytes(_INT, sys.byteorder) for fd in fds)
        sent = conn.sendmsg([data[:4]], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, packed)])
        data = data[sent:]
    conn.sendall(data)


def receive(conn: _socket.socket, max_fds: int = 0) -> tuple[Any, list[int]]:
    """One message and the descriptors sent with it; EOFError when the peer hung up,
    ValueError when the message is malformed."""
    fds: list[int] = []
    head = b""
    while len(head) < 4:
        if max_fds and not fds:
            chunk, extra, flags, _ = conn.recvmsg(4 - len(head),
                                                  _socket.CMSG_SPACE(max_fds * _INT))
            fds.extend(_descriptors(extra))
            if flags & _socket.MSG_CTRUNC:
                _close(fds)
                raise ValueError("too many descriptors")
        else:
            chunk = conn.recv(4 - len(head))
        if not chunk:
            _close(fds)
            raise EOFError("the other end hung up")
        head += chunk
    size = int.from_bytes(head, "big")
    if size > _LIMIT:
        _close(fds)
        raise ValueError("message too large")
    body = bytearray()
    while len(body) < size:
        chunk = conn.recv(min(size - len(body), 1 << 20))
        if not chunk:
            _close(fds)
            raise EOFError("the other end hung up")
        body += chunk
    try:
        return marshal.loads(bytes(body)), fds
    except (EOFError, ValueError, TypeError) as error:
        _close(fds)
        raise ValueError(f"malformed message: {error}") from None


def _descriptors(extra: list[tuple[int, int, bytes]]) -> list[int]:
    found: list[int] = []
    for level, kind, data in extra:
        if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
            usable = len(data) - len(data) % _INT
            found.extend(int.from_bytes(data[i:i + _INT], sys.byteorder)
                         for i in range(0, usable, _INT))
    return found


def _close(fds: list[int]) -> None:
    for fd in fds:
        try:  # noqa: SIM105 (contextlib is not loaded by the client)
            os.close(fd)
        except OSError:
            pass
