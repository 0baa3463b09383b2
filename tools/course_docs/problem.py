"""Describe one problem found in the repository."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A defect at a repository path, with how to fix it."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """Format the problem as `path:line: message`, leaving out a missing line."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
