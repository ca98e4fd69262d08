"""Allow ``python -m opslint`` (through the daemon when one serves, docs/daemon.md)."""

from opslint.entry import main

if __name__ == "__main__":
    main()
