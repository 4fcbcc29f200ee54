"""The package's exceptions: one root, a few kinds, messages that name the file and the problem."""
from __future__ import annotations


class KehoachError(Exception):
    """Root of every error kehoach raises on purpose."""


class InputError(KehoachError):
    """An input file cannot be read as a document (missing, empty, binary, wrong encoding …)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class OutputError(KehoachError):
    """An output file could not be written."""
