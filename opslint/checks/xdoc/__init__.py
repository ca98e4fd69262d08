"""XDOC check kinds: agreement between the documents of a set (rules/XDOC/)."""
