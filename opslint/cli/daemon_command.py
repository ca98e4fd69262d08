"""`daemon start|stop|status`: the opt-in resident server that makes `check` and `fix`
start fast (docs/daemon.md)."""

from __future__ import annotations

import sys
import time

import click

from opslint.cli.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, cli


@cli.group()
def daemon() -> None:
    """A resident server for fast `check` and `fix` runs (pre-commit; docs/daemon.md).

    While a daemon runs, `opslint check` and `opslint fix` run in a process forked from
    it, with everything already imported; the results are the same as without it.
    """


@daemon.command()
@click.option("--idle-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="SECONDS",
              help="Exit after this long without a request (default: "
              "OPSLINT_DAEMON_IDLE_TIMEOUT, else 900).")
@click.option("--foreground", is_flag=True, help="Serve in this process until stopped.")
def start(idle_timeout: float | None, foreground: bool) -> None:
    """Start the daemon of this installation (nothing happens if it runs already)."""
    from opslint.daemon import control, protocol

    if not protocol.supported():
        click.echo("opslint: error: the daemon needs Linux (fork and Unix sockets that pass "
                   "descriptors); opslint runs without it here.", err=True)
        sys.exit(EXIT_USAGE)
    paths = protocol.Paths()
    running = control.ask(paths, "status")
    if isinstance(running, tuple) and running[:1] == ("status",):
        click.echo(f"opslint daemon already running (pid {running[1]['pid']}).")
        return
    if foreground:
        sys.stdout.flush()
        sys.stderr.flush()
        control.serve_here(idle_timeout)
    pid = control.spawn(paths, idle_timeout)
    status = control.wait_until_up(paths, pid, timeout=60)
    if status is None:
        click.echo(f"opslint: error: the daemon did not start; see {paths.log}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"opslint daemon started (pid {status['pid']}; socket {paths.socket}; "
               f"stops after {status['idle_timeout']:g} s idle).")


@daemon.command()
def stop() -> None:
    """Stop the daemon of this installation (runs in progress finish first)."""
    from opslint.daemon import control, protocol

    paths = protocol.Paths()
    reply = control.ask(paths, "stop")
    if not (isinstance(reply, tuple) and reply[:1] == ("stopping",)):
        click.echo("opslint daemon is not running.")
        return
    if control.wait_until_gone(int(reply[1]), timeout=30):
        click.echo(f"opslint daemon stopped (pid {reply[1]}).")
    else:
        click.echo(f"opslint daemon (pid {reply[1]}) takes no more requests; it exits when "
                   "its running checks end.")


@daemon.command()
def status() -> None:
    """Say whether the daemon of this installation runs (exit 0) or not (exit 1)."""
    from opslint.daemon import control, protocol

    paths = protocol.Paths()
    reply = control.ask(paths, "status")
    if not (isinstance(reply, tuple) and reply[:1] == ("status",)):
        click.echo(f"opslint daemon is not running (socket {paths.socket}).")
        sys.exit(EXIT_FINDINGS)
    info = reply[1]
    up = time.time() - info["started"]
    stale = "; its code changed, it exits at the next request" if info["stale"] else ""
    click.echo(f"opslint daemon running: pid {info['pid']}, up {up:.0f} s, "
               f"{info['served']} run(s) served, {info['running']} running, idle timeout "
               f"{info['idle_timeout']:g} s{stale}.\nsocket {paths.socket}\nlog {paths.log}")
    sys.exit(EXIT_CLEAN)
