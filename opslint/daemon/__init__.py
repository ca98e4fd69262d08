"""The opt-in resident fork server behind ``opslint daemon`` (docs/daemon.md).

A daemon imports what ``check`` and ``fix`` need once, then serves each request from the
tiny client (``opslint.entry``) by forking a child that runs the ordinary command line with
the client's arguments, folder, environment and its own stdin, stdout and stderr. This
package's ``__init__`` imports nothing: the client imports ``opslint.daemon.protocol`` on
every start.
"""
