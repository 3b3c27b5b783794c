"""Interface implementations."""
