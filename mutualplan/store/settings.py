"""The database's settings: this copy's replica name, its local user, recent plans."""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..domain.model import Author
from .base import StoreBase, needs_transaction


class SettingsStore(StoreBase):
    def setting(self, key: str, default: Any = None) -> Any:
        with self._reading():
            row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            self._put_setting(key, value)

    @needs_transaction
    def _put_setting(self, key: str, value: Any) -> None:
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    def _replica_id(self) -> str:
        """This copy's name in every change it makes.

        A file copied to another laptop must not go on naming its changes like the
        original (the two would collide when they meet), so the name is tied to the file
        itself: a file found at another place, or replaced, takes a new name. Renaming
        costs nothing but one more entry in the clocks.
        """
        info = self.path.resolve().stat()
        home = [str(self.path.resolve()), info.st_dev, info.st_ino]
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'replica'").fetchone()
        known = self.conn.execute(
            "SELECT value FROM settings WHERE key = 'replica_home'"
        ).fetchone()
        if row and known and json.loads(known[0]) == home:
            return json.loads(row[0])
        replica = json.loads(row[0]) if row and not known else uuid.uuid4().hex[:12]
        with self.transaction():
            self._put_setting("replica", replica)
            self._put_setting("replica_home", home)
        return replica

    def local_user(self) -> Author | None:
        """Who uses this copy (asked on first run); the default author of edits."""
        data = self.setting("local_user")
        if not data:
            return None
        return Author(
            name=data["name"],
            side=data["side"],
            organisation=data.get("organisation", ""),
            email=data.get("email", ""),
        )

    def set_local_user(self, author: Author) -> None:
        self.set_setting(
            "local_user",
            {
                "name": author.name,
                "side": author.side,
                "organisation": author.organisation,
                "email": author.email,
            },
        )

    def recent_plans(self) -> list[str]:
        return list(self.setting("recent_plans", []))

    def note_opened(self, plan_id: str) -> None:
        known = self.recent_plans()
        recent = [plan_id, *(p for p in known if p != plan_id)][:8]
        if recent != known:  # reopening the last plan (every start) writes nothing
            self.set_setting("recent_plans", recent)
