"""SQLite through sqlite-utils: schema, migrations, the repository and the change log."""

from .errors import StoreError
from .repository import Store

__all__ = ["Store", "StoreError"]
