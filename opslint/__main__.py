"""Allow ``python -m opslint``."""

from opslint.cli import main

if __name__ == "__main__":
    main()
