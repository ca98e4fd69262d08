"""Command line: argument plumbing and exit codes only (0 clean, 1 findings, 2 usage, 3 bug).

`app` holds the group and what commands share; each module beside it adds its commands to
the group when imported. Heavy modules are imported inside the commands, never here.
"""

import opslint.cli.adoption_commands
import opslint.cli.config_commands
import opslint.cli.daemon_command
import opslint.cli.diff_command
import opslint.cli.server_command  # noqa: F401 (register)
from opslint.cli import lint_commands, review_commands, rule_commands  # noqa: F401 (register)
from opslint.cli.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_USAGE, Report, cli, main

__all__ = ["EXIT_CLEAN", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_USAGE", "Report", "cli", "main"]
