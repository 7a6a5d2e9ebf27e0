"""User-facing errors: each carries a Chinese message fit to show as is."""

from __future__ import annotations


class JuesuanError(Exception):
    """Base of every error a user may see; str() is the Chinese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class AmountError(JuesuanError, ValueError):
    """Text that is not an amount."""


class DataFileError(JuesuanError):
    """A shipped or user-supplied data file (template, rule, catalog, scheme) is malformed."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path} 第{line}行" if line else path
        super().__init__(f"{where}：{message}")
        self.path = path
        self.line = line
        self.detail = message


class ProjectFileError(JuesuanError):
    """A project file cannot be read."""
