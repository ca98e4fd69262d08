"""The daemon's wire protocol and the client's choices, without starting a daemon."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from opslint import entry
from opslint.daemon import protocol
from opslint.daemon.fingerprint import Fingerprint

pytestmark = pytest.mark.skipif(not protocol.supported(),
                                reason="the daemon needs fork and AF_UNIX descriptor passing")


def test_a_message_and_its_descriptors_arrive_whole() -> None:
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    read, write = os.pipe()
    try:
        message = {"argv": ["opslint", "check", "文書.md"], "env": {b"K": b"\xff"},
                   "big": "x" * 300_000}
        sender = threading.Thread(target=protocol.send, args=(left, message, [read, write]))
        sender.start()  # more than a socket buffer holds: sent while it is read
        got, fds = protocol.receive(right, max_fds=3)
        sender.join(timeout=30)
        assert got == message
        assert len(fds) == 2
        os.write(fds[1], b"ok")  # the received descriptors are the same pipe
        assert os.read(read, 2) == b"ok"
        for fd in fds:
            os.close(fd)
    finally:
        left.close()
        right.close()
        os.close(read)
        os.close(write)


def test_a_hang_up_and_garbage_are_errors_not_crashes() -> None:
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    left.sendall((5).to_bytes(4, "big") + b"\x00\x01\x02\x03\x04")
    with pytest.raises(ValueError, match="malformed"):
        protocol.receive(right)
    left.sendall((1 << 30).to_bytes(4, "big"))
    with pytest.raises(ValueError, match="too large"):
        protocol.receive(right)
    left.close()
    with pytest.raises(EOFError):
        protocol.receive(right)
    right.close()


def test_only_a_private_folder_of_this_user_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    paths = protocol.Paths(str(folder))
    assert paths.private(create=True)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o750)
    assert not paths.private()
    folder.chmod(0o700)
    link = tmp_path / "link"
    link.symlink_to(folder)
    assert not protocol.Paths(str(link)).private()
    assert paths.socket.startswith(str(folder) + os.sep) and paths.socket.endswith(".sock")


def test_the_folder_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv(protocol.DIR_ENV, str(tmp_path / "d"))
    assert protocol.Paths().folder == str(tmp_path / "d")
    monkeypatch.delenv(protocol.DIR_ENV)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert protocol.Paths().folder == str(tmp_path / "opslint")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert protocol.Paths().folder == f"/tmp/opslint-{os.getuid()}"


@pytest.mark.parametrize(("args", "forwarded"), [
    (["check", "a.md"], True), (["fix", "."], True), (["--debug", "check"], True),
    (["daemon", "start"], False), (["server"], False), (["--version"], False), ([], False),
    (["explain", "REL001"], False),
])
def test_which_commands_a_daemon_serves(args: list[str], forwarded: bool) -> None:
    assert entry._forwardable(args) is forwarded


def test_a_changed_file_changes_the_fingerprint(tmp_path: Path) -> None:
    fingerprint = Fingerprint()
    assert not fingerprint.changed()
    watched = tmp_path / "module.py"
    watched.write_text("x = 1\n", encoding="utf-8")
    fingerprint.paths.append(str(watched))
    fingerprint.taken = fingerprint.take()
    assert not fingerprint.changed()
    watched.write_text("x = 22\n", encoding="utf-8")
    assert fingerprint.changed()
