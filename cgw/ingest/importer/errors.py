"""The one error type the importer raises: a file-level problem, phrased in Chinese for the user."""

from __future__ import annotations


class ImportFailed(Exception):
    """The file (not a single row) cannot be imported, or the database refused the change.

    `str(e)` is one Chinese sentence naming the file, what is wrong and how to fix it. Nothing
    was written when this is raised.
    """

    def __init__(self, message: str, *, file_name: str | None = None):
        self.file_name = file_name
        self.message = message
        super().__init__(f"{file_name}：{message}" if file_name else message)
