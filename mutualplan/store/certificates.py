"""Certificates remembered per person on first sight, as SSH remembers host keys."""

from __future__ import annotations

from typing import Any

from ..domain.names import person_key
from .base import StoreBase, utc_now
from .errors import StoreError


class CertificatesStore(StoreBase):
    def remember_certificate(
        self, name: str, organisation: str, fingerprint: str, side: str, *, trusted: bool
    ) -> None:
        """Note a certificate seen signing for `side`. It is trusted for this person when
        `trusted` and no other is yet; otherwise it waits for someone to accept it."""
        key = person_key(name, organisation)
        with self.transaction():
            known = self.conn.execute(
                "SELECT count(*) FROM certificates WHERE person_key = ? AND accepted = 1", (key,)
            ).fetchone()[0]
            self.conn.execute(
                "INSERT OR IGNORE INTO certificates (person_key, fingerprint, name, "
                "organisation, accepted, first_seen, side) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, fingerprint, name, organisation, int(trusted and not known), utc_now(), side),
            )

    def certificates(self) -> list[dict[str, Any]]:
        """Every certificate remembered here, newest first."""
        return self._read_all(dict, "SELECT * FROM certificates ORDER BY first_seen DESC, name")

    def find_certificate(self, fingerprint: str) -> str:
        """The full fingerprint an unambiguous start (8 hex digits or more) names."""
        prefix = fingerprint.strip().lower().replace(":", "")
        if len(prefix) < 8:
            raise StoreError("Give at least the first 8 hex digits of the fingerprint.")
        with self._reading():
            found = {
                row[0]
                for row in self.conn.execute(
                    "SELECT fingerprint FROM certificates WHERE fingerprint LIKE ?",
                    (prefix + "%",),
                )
            }
        if not found:
            raise StoreError(f"No certificate here has a fingerprint starting {prefix}.")
        if len(found) > 1:
            raise StoreError(f"More than one certificate has a fingerprint starting {prefix}.")
        return found.pop()

    def accept_certificate(self, fingerprint: str, side: str | None = None) -> None:
        """A person here vouches for this certificate: trusted for whom it names, and
        accepted as signing for `side` (by default the side it was seen signing for)."""
        with self.transaction():
            self.conn.execute(
                "UPDATE certificates SET accepted = 1, accepted_for = coalesce(?, side) "
                "WHERE fingerprint = ?",
                (side, fingerprint),
            )

    def forget_certificate(self, fingerprint: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM certificates WHERE fingerprint = ?", (fingerprint,))
