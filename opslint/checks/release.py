"""Release-procedure check kinds (REL004–REL049); importing this module registers them all."""

from opslint.checks import (
    release_contacts,
    release_header,
    release_mentions,
    release_rollback,
    release_sequence,
    release_timeline,
)

__all__ = [
    "release_contacts",
    "release_header",
    "release_mentions",
    "release_rollback",
    "release_sequence",
    "release_timeline",
]
