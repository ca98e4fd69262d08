"""opslint: lint release procedures and operation design documents written in Markdown."""

__version__ = "0.7.6"
