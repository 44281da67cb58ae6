"""SQLite storage through sqlite-utils: schema migrations, writes, reader queries."""

from storage.db import DatabaseError, open_db

__all__ = ["DatabaseError", "open_db"]
