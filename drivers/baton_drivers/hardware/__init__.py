"""Hardware types."""
