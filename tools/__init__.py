"""Hold the maintainers' tools for the course repository."""
