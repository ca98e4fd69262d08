"""Facts extracted from documents: quantities and, later, typed extraction."""
