"""BDR check kinds: backups, recovery objectives and DR (rules/BDR/)."""
