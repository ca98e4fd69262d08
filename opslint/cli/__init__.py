"""Command line: argument plumbing and exit codes only (0 clean, 1 findings, 2 usage, 3 bug).

`app` holds the group and what commands share; each module beside it adds its commands to
the group when imported, and the group imports a command's module when the command is asked
for (``app.COMMAND_MODULES``). Heavy modules are imported inside the commands, never here.
"""

from opslint.cli.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_USAGE, Report, cli, main

__all__ = ["EXIT_CLEAN", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_USAGE", "Report", "cli", "main"]
