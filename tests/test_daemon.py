"""The resident daemon (docs/daemon.md): a run served by it gives byte for byte the output
and exit status of the same run in-process, and anything unusual makes the client run
in-process.

Every test that starts a daemon stops it in its fixture's teardown (and kills it if it
does not stop); every wait has a timeout.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from opslint.daemon import control, protocol

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not protocol.supported(),
                                reason="the daemon needs fork and AF_UNIX descriptor passing")

# The client and the daemon it starts share this import path (the daemon serves only
# clients with its own path): the checkout first, as in a console script.
_CLIENT = ("import sys; sys.path[0] = sys.argv.pop(1); "
           "from opslint.entry import main; main()")

RELEASE = """# Release procedure

## 1. Overview
Ship version 4.1.0 of the billing service.

## 2. Preparation (T-1 day)
- [ ] Take a database snapshot

## 3. Release day steps (T-0)
| Time | Step | Owner | Check |
| -- | -- | -- | -- |
| 21:00 | Run the migration | Kim | `SELECT 1` answers |

## 5. After the release
Watch the error rate for twenty minutes.
"""

RELEASE_JA = """# リリース手順書

## 1. リリース概要
請求サービス 4.1.0 を出す。

## 3. リリース当日の手順 (T-0)
| 時刻 | 作業項目 | 担当 | 確認項目 |
| -- | -- | -- | -- |
| 21:00 | マイグレーション実行 | 木村 | 応答が返る |
"""


def _env(folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPSLINT_DAEMON", "OPSLINT_NO_DAEMON", "OPSLINT_CACHE_DIR")}
    env[protocol.DIR_ENV] = str(folder)
    env.update(extra)
    return env


def opslint(args: list[str], folder: Path, *, cwd: Path, in_process: bool = False,
            stdin: bytes | None = None, **extra: str) -> subprocess.CompletedProcess[bytes]:
    env = _env(folder, **({"OPSLINT_NO_DAEMON": "1"} if in_process else {}), **extra)
    return subprocess.run([sys.executable, "-c", _CLIENT, str(ROOT), *args], cwd=cwd, env=env,
                          input=stdin if stdin is not None else b"", capture_output=True,
                          timeout=300, check=False)


def _paths(folder: Path) -> protocol.Paths:
    # The installation key depends on the interpreter and the package, as in the client.
    return protocol.Paths(str(folder))


def _served(folder: Path) -> int:
    reply = control.ask(_paths(folder), "status")
    assert isinstance(reply, tuple) and reply[0] == "status", reply
    return int(reply[1]["served"])


def _pid(folder: Path) -> int | None:
    try:
        return int(Path(_paths(folder).pid).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def start(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    result = opslint(["daemon", "start", *args], folder, cwd=folder)
    assert result.returncode == 0, result.stderr.decode()
    return result


def _stop(folder: Path) -> None:
    pid = _pid(folder)
    control.ask(_paths(folder), "stop")
    if pid is not None and not control.wait_until_gone(pid, timeout=30):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def runtime() -> Iterator[Path]:
    """A private runtime folder (short: a socket path has at most 107 bytes); any daemon
    started in it is stopped at the end."""
    folder = Path(tempfile.mkdtemp(prefix="opslint-d-"))
    try:
        yield folder
    finally:
        _stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def served() -> Iterator[Path]:
    """A daemon shared by the comparison tests of this module."""
    folder = Path(tempfile.mkdtemp(prefix="opslint-d-"))
    try:
        start(folder)
        yield folder
    finally:
        _stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the config search stops here
    for source in sorted((ROOT / "examples" / "ja" / "defects").glob("*.md"))[:2]:
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "16_Release_Procedure.md").write_text(RELEASE, encoding="utf-8")
    (tmp_path / "ja").mkdir()
    (tmp_path / "ja" / "16_Release_Procedure.md").write_text(RELEASE_JA, encoding="utf-8")
    return tmp_path


def same_as_in_process(args: list[str], folder: Path, cwd: Path, **extra: str
                       ) -> subprocess.CompletedProcess[bytes]:
    before = _served(folder)
    forwarded = opslint(args, folder, cwd=cwd, **extra)  # type: ignore[arg-type]
    here = opslint(args, folder, cwd=cwd, in_process=True, **extra)  # type: ignore[arg-type]
    assert (forwarded.returncode, forwarded.stdout, forwarded.stderr) == (
        here.returncode, here.stdout, here.stderr)
    assert _served(folder) == before + 1, "the run was not served by the daemon"
    return forwarded


@pytest.mark.parametrize("args", [
    ["check", "."],
    ["check", "--format", "json", "."],
    ["check", "--format", "text", "--color", "always", "16_Release_Procedure.md"],
    ["--debug", "check", "--format", "concise", "--select", "REL", "ja"],
    ["check", "--no-cache", "--fail-on", "warning", "ja/16_Release_Procedure.md"],
    ["check", "no-such-file.md"],
    ["check", "--format", "nonsense", "."],
    ["fix", "--diff", "."],
], ids=["concise", "json", "color", "debug-select", "no-cache", "missing", "usage", "diff"])
def test_a_forwarded_run_is_byte_for_byte_an_in_process_run(served: Path, docs: Path,
                                                           args: list[str]) -> None:
    opslint(args, served, cwd=docs, in_process=True)  # the cache is filled by neither side
    same_as_in_process(args, served, docs)


def test_findings_exit_code_and_json_survive_the_daemon(served: Path, docs: Path) -> None:
    result = same_as_in_process(["check", "--format", "json", "16_Release_Procedure.md"],
                                served, docs)
    assert result.returncode == 1
    assert json.loads(result.stdout)  # findings, as JSON


def test_stdin_reaches_the_child(served: Path, docs: Path) -> None:
    before = _served(served)
    args = ["check", "-", "--stdin-filename", "16_Release_Procedure.md"]
    forwarded = opslint(args, served, cwd=docs, stdin=RELEASE.encode())
    here = opslint(args, served, cwd=docs, in_process=True, stdin=RELEASE.encode())
    assert (forwarded.returncode, forwarded.stdout, forwarded.stderr) == (
        here.returncode, here.stdout, here.stderr)
    assert forwarded.returncode == 1 and forwarded.stdout
    assert _served(served) == before + 1


def test_the_childs_environment_is_the_clients(served: Path, docs: Path) -> None:
    # NO_COLOR, the locale and the language come from the client, not the daemon.
    same_as_in_process(["check", "--color", "auto", "."], served, docs, NO_COLOR="1",
                       LC_MESSAGES="ja_JP.UTF-8")
    same_as_in_process(["check", "--format", "text", "."], served, docs, FORCE_COLOR="1",
                       COLUMNS="60")


def test_another_interpreter_mode_runs_here(served: Path, docs: Path) -> None:
    # The C locale turns on Python's UTF-8 mode: not the daemon's interpreter any more.
    before = _served(served)
    args = ["check", "."]
    forwarded = opslint(args, served, cwd=docs, LC_ALL="C", PYTHONUTF8="1")
    here = opslint(args, served, cwd=docs, in_process=True, LC_ALL="C", PYTHONUTF8="1")
    assert (forwarded.returncode, forwarded.stdout, forwarded.stderr) == (
        here.returncode, here.stdout, here.stderr)
    assert _served(served) == before


def test_fix_writes_the_same_files(served: Path, docs: Path, tmp_path_factory:
                                   pytest.TempPathFactory) -> None:
    other = tmp_path_factory.mktemp("copy")
    shutil.copytree(docs, other, dirs_exist_ok=True)
    before = _served(served)
    forwarded = opslint(["fix", "."], served, cwd=docs)
    here = opslint(["fix", "."], served, cwd=other, in_process=True)
    assert (forwarded.returncode, forwarded.stdout, forwarded.stderr) == (
        here.returncode, here.stdout, here.stderr)
    assert _served(served) == before + 1
    for path in sorted(docs.rglob("*.md")):
        assert path.read_bytes() == (other / path.relative_to(docs)).read_bytes(), path


def _on_a_terminal(args: list[str], folder: Path, cwd: Path, **extra: str
                   ) -> tuple[int, bytes]:
    import fcntl
    import pty
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 72, 0, 0))
    env = _env(folder, **extra)
    env.pop("COLUMNS", None)
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-c", _CLIENT, str(ROOT), *args], cwd=cwd,
                            env=env, stdin=subprocess.DEVNULL, stdout=child,
                            stderr=subprocess.DEVNULL)
    os.close(child)
    out = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the terminal's last writer has gone
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    return proc.wait(timeout=60), out


def test_a_terminal_stays_a_terminal(served: Path, docs: Path) -> None:
    # isatty, colours and the width (72 columns here) as in-process.
    before = _served(served)
    args = ["check", "16_Release_Procedure.md"]
    forwarded = _on_a_terminal(args, served, docs)
    here = _on_a_terminal(args, served, docs, OPSLINT_NO_DAEMON="1")
    assert forwarded == here
    assert b"\x1b[" in forwarded[1]  # coloured: the child saw a terminal
    assert _served(served) == before + 1


def test_another_installation_is_not_served(served: Path, docs: Path) -> None:
    # A client with another import path would not import the same code: it runs here.
    before = _served(served)
    env = _env(served)
    code = ("import sys; sys.path.insert(1, sys.argv.pop(1)); "
            "from opslint.entry import main; main()")
    args = ["check", "16_Release_Procedure.md"]
    other = subprocess.run([sys.executable, "-c", code, str(ROOT), *args], cwd=docs, env=env,
                           capture_output=True, timeout=300, check=False)
    here = opslint(args, served, cwd=docs, in_process=True)
    assert (other.returncode, other.stdout, other.stderr) == (
        here.returncode, here.stdout, here.stderr)
    assert _served(served) == before


def test_status_start_and_stop(runtime: Path) -> None:
    status = opslint(["daemon", "status"], runtime, cwd=runtime)
    assert status.returncode == 1 and b"not running" in status.stdout
    first = start(runtime)
    assert b"started" in first.stdout
    again = start(runtime)
    assert b"already running" in again.stdout
    status = opslint(["daemon", "status"], runtime, cwd=runtime)
    assert status.returncode == 0 and b"running: pid" in status.stdout
    pid = _pid(runtime)
    assert pid is not None
    paths = _paths(runtime)
    assert os.stat(paths.socket).st_mode & 0o777 == 0o600
    stopped = opslint(["daemon", "stop"], runtime, cwd=runtime)
    assert stopped.returncode == 0 and b"stopped" in stopped.stdout
    assert control.wait_until_gone(pid, timeout=30)
    assert not os.path.exists(paths.socket) and not os.path.exists(paths.pid)
    assert opslint(["daemon", "stop"], runtime, cwd=runtime).stdout.startswith(
        b"opslint daemon is not running")


def test_idle_timeout(runtime: Path) -> None:
    start(runtime, "--idle-timeout", "1")
    pid = _pid(runtime)
    assert pid is not None
    assert control.wait_until_gone(pid, timeout=60)
    assert not os.path.exists(_paths(runtime).socket)


def test_a_stale_socket_is_ignored_then_replaced(runtime: Path, docs: Path) -> None:
    import socket

    paths = _paths(runtime)
    assert paths.private(create=True)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(paths.socket)  # a daemon that crashed: the file stays, nobody listens
    dead.close()
    args = ["check", "16_Release_Procedure.md"]
    forwarded = opslint(args, runtime, cwd=docs)
    here = opslint(args, runtime, cwd=docs, in_process=True)
    assert (forwarded.returncode, forwarded.stdout, forwarded.stderr) == (
        here.returncode, here.stdout, here.stderr)
    start(runtime)
    assert _served(runtime) == 0
    same_as_in_process(args, runtime, docs)


def test_a_folder_others_can_enter_is_not_used(runtime: Path, docs: Path) -> None:
    start(runtime)
    os.chmod(runtime, 0o755)
    try:
        args = ["check", "16_Release_Procedure.md"]
        forwarded = opslint(args, runtime, cwd=docs)
        here = opslint(args, runtime, cwd=docs, in_process=True)
        assert (forwarded.returncode, forwarded.stdout, forwarded.stderr) == (
            here.returncode, here.stdout, here.stderr)
    finally:
        os.chmod(runtime, 0o700)
    assert _served(runtime) == 0


def test_changed_code_retires_the_daemon(runtime: Path, docs: Path) -> None:
    start(runtime)
    pid = _pid(runtime)
    assert pid is not None
    rule_file = next(iter(sorted((ROOT / "rules").rglob("*.yaml"))))
    info = rule_file.stat()
    try:
        os.utime(rule_file, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        args = ["check", "16_Release_Procedure.md"]
        forwarded = opslint(args, runtime, cwd=docs)
        here = opslint(args, runtime, cwd=docs, in_process=True)
    finally:
        os.utime(rule_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (forwarded.returncode, forwarded.stdout, forwarded.stderr) == (
        here.returncode, here.stdout, here.stderr)
    assert control.wait_until_gone(pid, timeout=30), "a stale daemon kept running"


def test_another_user_is_refused(runtime: Path, docs: Path) -> None:
    # A daemon that serves another user id: this client's requests are refused, and it
    # runs them itself.
    ready = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the daemon, in a child of pytest)
        code = 1
        try:
            os.close(ready[0])
            os.environ[protocol.DIR_ENV] = str(runtime)
            from opslint.daemon.server import Daemon

            daemon = Daemon(protocol.Paths(str(runtime)), idle=30, uid=os.getuid() + 1)
            if daemon.acquire():
                daemon.serve(lambda: os.write(ready[1], b"up"))
                code = 0
        finally:
            os._exit(code)
    os.close(ready[1])
    try:
        assert os.read(ready[0], 2) == b"up"
        args = ["check", "16_Release_Procedure.md"]
        forwarded = opslint(args, runtime, cwd=docs)
        here = opslint(args, runtime, cwd=docs, in_process=True)
        assert (forwarded.returncode, forwarded.stdout, forwarded.stderr) == (
            here.returncode, here.stdout, here.stderr)
        conn = protocol.connect(_paths(runtime).socket, 30)
        try:  # the daemon answers before it reads anything
            assert protocol.receive(conn)[0] == ("refused", "another user")
        finally:
            conn.close()
    finally:
        os.close(ready[0])
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)


def test_autostart_runs_here_then_serves(runtime: Path, docs: Path) -> None:
    args = ["check", "16_Release_Procedure.md"]
    here = opslint(args, runtime, cwd=docs, in_process=True)
    first = opslint(args, runtime, cwd=docs, OPSLINT_DAEMON="1")
    assert (first.returncode, first.stdout, first.stderr) == (
        here.returncode, here.stdout, here.stderr)
    assert control.wait_until_up(_paths(runtime), None, timeout=120) is not None
    before = _served(runtime)
    second = opslint(args, runtime, cwd=docs, OPSLINT_DAEMON="1")
    assert (second.returncode, second.stdout, second.stderr) == (
        here.returncode, here.stdout, here.stderr)
    assert _served(runtime) == before + 1


def test_the_client_imports_neither_click_nor_the_rules(served: Path, docs: Path) -> None:
    # (-X importtime would change the interpreter's options: the daemon would refuse.)
    listing = docs / "modules.txt"
    code = ("import sys, atexit; sys.path[0] = sys.argv.pop(1); out = sys.argv.pop(1); "
            "atexit.register(lambda: open(out, 'w').write(' '.join(sorted(sys.modules)))); "
            "from opslint.entry import main; main()")
    before = _served(served)
    result = subprocess.run([sys.executable, "-c", code, str(ROOT), str(listing), "check",
                             "16_Release_Procedure.md"], cwd=docs, env=_env(served),
                            capture_output=True, timeout=300, check=False)
    assert result.returncode == 1, result.stderr.decode()
    assert _served(served) == before + 1
    modules = set(listing.read_text(encoding="utf-8").split())
    assert "opslint.entry" in modules
    heavy = {m for m in modules if m.split(".")[0] in ("click", "yaml", "pydantic", "socket",
                                                       "typing", "markdown_it", "enum")}
    assert not heavy, sorted(heavy)
    assert not {m for m in modules if m.startswith("opslint.") and m not in (
        "opslint.entry", "opslint.daemon", "opslint.daemon.protocol")}


def test_ctrl_c_reaches_the_run(served: Path, docs: Path) -> None:
    # The run waits for stdin; SIGINT to the client interrupts the child as it would
    # interrupt an in-process run (click: "Aborted!", exit 1).
    before = _served(served)
    proc = subprocess.Popen([sys.executable, "-c", _CLIENT, str(ROOT), "check", "-"],
                            cwd=docs, env=_env(served), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while _served(served) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _served(served) == before + 1
        time.sleep(2)  # the child reads stdin by now
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    assert proc.returncode == 1, err.decode()
    assert b"Aborted!" in err
    reply = control.ask(_paths(served), "status")
    assert isinstance(reply, tuple) and reply[1]["running"] == 0
