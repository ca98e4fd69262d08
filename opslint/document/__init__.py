"""Document stage: load bytes, parse Markdown, and the document model."""
