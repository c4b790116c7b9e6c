"""Who is at the other end: pairing codes, device tokens, console sessions (and the browsers
that signed in, which the sign-in throttle counts apart), display keys.

Kept in `access.db`, apart from the meeting's log, because it holds secrets (as hashes) and
changes for reasons that are not meeting events. Codes and tokens are 128+ random bits;
only their SHA-256 is stored, so a copy of the database pairs no phone.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from .clock import now_ms
from .store import connect

SESSION_TTL_MS = 24 * 3600 * 1000
STAFF_ROLES = ("chair", "secretary")

SCHEMA = """
CREATE TABLE IF NOT EXISTS pairing_codes (
    hash TEXT PRIMARY KEY, person TEXT NOT NULL, created INTEGER NOT NULL,
    used INTEGER, superseded INTEGER
);
CREATE TABLE IF NOT EXISTS devices (
    id INTEGER PRIMARY KEY, hash TEXT UNIQUE NOT NULL, person TEXT NOT NULL,
    created INTEGER NOT NULL, last_seen INTEGER, revoked INTEGER, label TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS sessions (
    hash TEXT PRIMARY KEY, role TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (role TEXT PRIMARY KEY, password TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS browsers (hash TEXT PRIMARY KEY, role TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class PairingError(Exception):
    """A code that pairs no device: `code` is `pairing_code_invalid` or `pairing_code_used`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Device:
    id: int
    person: str
    created: int
    last_seen: int | None
    revoked: int | None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${key.hex()}"


def check_password(password: str, stored: str) -> bool:
    _, salt, key = stored.split("$")
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1)
    return hmac.compare_digest(candidate.hex(), key)


class Access:
    """The access database of one data directory."""

    def __init__(self, db: aiosqlite.Connection, path: Path | None = None) -> None:
        self.db, self.path = db, path

    @classmethod
    async def open(cls, path: Path) -> "Access":
        db = await connect(path)
        await db.executescript(SCHEMA)
        return cls(db, path)

    async def close(self) -> None:
        await self.db.close()

    def written(self) -> tuple[int, ...]:
        """A stamp that changes whenever the database is written, by this process or another
        (`chamber display-key --renew`): the sizes and times of its files, read without a query."""
        if self.path is None:
            return ()
        stamps = []
        for name in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                info = name.stat()
            except FileNotFoundError:
                continue
            stamps += [info.st_mtime_ns, info.st_size]
        return tuple(stamps)

    # --- pairing -------------------------------------------------------------------

    async def issue_codes(self, people: list[str]) -> dict[str, str]:
        """A fresh one-time code per person; their earlier unused codes stop working."""
        now, codes = now_ms(), {p: new_secret() for p in people}
        await self.db.execute("BEGIN IMMEDIATE")
        await self.db.executemany(
            "UPDATE pairing_codes SET superseded = ? WHERE person = ? AND used IS NULL AND superseded IS NULL",
            [(now, p) for p in people],
        )
        await self.db.executemany(
            "INSERT INTO pairing_codes (hash, person, created) VALUES (?, ?, ?)",
            [(digest(code), p, now) for p, code in codes.items()],
        )
        await self.db.execute("COMMIT")
        return codes

    async def pair(self, code: str) -> tuple[str, str]:
        """Exchange a code for a new device token: returns (person, token)."""
        query = "SELECT person, used, superseded FROM pairing_codes WHERE hash = ?"
        async with self.db.execute(query, (digest(code),)) as cur:
            row = await cur.fetchone()
        if row is None or row[2] is not None:
            raise PairingError("pairing_code_invalid")
        if row[1] is not None:
            raise PairingError("pairing_code_used")
        person, token, now = row[0], new_secret(), now_ms()
        await self.db.execute("BEGIN IMMEDIATE")
        cur = await self.db.execute(
            "UPDATE pairing_codes SET used = ? WHERE hash = ? AND used IS NULL", (now, digest(code))
        )
        if cur.rowcount != 1:  # another request used it first
            await self.db.execute("ROLLBACK")
            raise PairingError("pairing_code_used")
        await self.db.execute(
            "INSERT INTO devices (hash, person, created) VALUES (?, ?, ?)", (digest(token), person, now)
        )
        await self.db.execute("COMMIT")
        return person, token

    async def device(self, token: str) -> Device | None:
        """The device a token belongs to, revoked or not."""
        query = "SELECT id, person, created, last_seen, revoked FROM devices WHERE hash = ?"
        async with self.db.execute(query, (digest(token),)) as cur:
            row = await cur.fetchone()
        return Device(*row) if row else None

    async def seen(self, device_id: int) -> None:
        await self.db.execute("UPDATE devices SET last_seen = ? WHERE id = ?", (now_ms(), device_id))

    async def devices(self) -> list[Device]:
        query = "SELECT id, person, created, last_seen, revoked FROM devices ORDER BY person, created"
        async with self.db.execute(query) as cur:
            return [Device(*row) for row in await cur.fetchall()]

    async def revoke(self, device_id: int) -> bool:
        cur = await self.db.execute(
            "UPDATE devices SET revoked = ? WHERE id = ? AND revoked IS NULL", (now_ms(), device_id)
        )
        return cur.rowcount == 1

    # --- consoles ------------------------------------------------------------------

    async def set_password(self, role: str, password: str) -> None:
        if role not in STAFF_ROLES:
            raise ValueError(f"role must be one of {', '.join(STAFF_ROLES)}")
        await self.db.execute(
            "INSERT INTO accounts (role, password) VALUES (?, ?) "
            "ON CONFLICT(role) DO UPDATE SET password = excluded.password",
            (role, hash_password(password)),
        )

    async def has_password(self, role: str) -> bool:
        async with self.db.execute("SELECT 1 FROM accounts WHERE role = ?", (role,)) as cur:
            return await cur.fetchone() is not None

    async def sign_in(self, role: str, password: str) -> str | None:
        """A new session token when the password is right, else None."""
        async with self.db.execute("SELECT password FROM accounts WHERE role = ?", (role,)) as cur:
            row = await cur.fetchone()
        # scrypt takes tens of milliseconds by design: off the event loop, which serves the hall
        if row is None or not await asyncio.to_thread(check_password, password, row[0]):
            return None
        token, now = new_secret(), now_ms()
        await self.db.execute(
            "INSERT INTO sessions (hash, role, created, expires) VALUES (?, ?, ?, ?)",
            (digest(token), role, now, now + SESSION_TTL_MS),
        )
        return token

    async def session_role(self, token: str | None) -> str | None:
        if not token:
            return None
        query = "SELECT role FROM sessions WHERE hash = ? AND expires > ?"
        async with self.db.execute(query, (digest(token), now_ms())) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def sign_out(self, token: str) -> None:
        await self.db.execute("DELETE FROM sessions WHERE hash = ?", (digest(token),))

    async def session_expires(self, hashed: str) -> int | None:
        """When the session with this digest expires (or expired); None once signed out. A
        connection keeps only the digest of the session it was opened with."""
        async with self.db.execute("SELECT expires FROM sessions WHERE hash = ?", (hashed,)) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def remember_browser(self, role: str) -> str:
        """A token for a browser that has just signed in for `role`: its later failures count
        against it alone, so guessing from the same address does not lock it out."""
        token = new_secret()
        await self.db.execute(
            "INSERT INTO browsers (hash, role, created) VALUES (?, ?, ?)", (digest(token), role, now_ms())
        )
        return token

    async def known_browser(self, role: str, token: str | None) -> bool:
        """Whether `token` was given to a browser that signed in for `role`."""
        if not token:
            return False
        query = "SELECT 1 FROM browsers WHERE hash = ? AND role = ?"
        async with self.db.execute(query, (digest(token), role)) as cur:
            return await cur.fetchone() is not None

    # --- displays ------------------------------------------------------------------

    async def display_key(self, renew: bool = False) -> str:
        """The read-only key of the hall screen and overlay, made on first use."""
        async with self.db.execute("SELECT value FROM settings WHERE key = 'display_key'") as cur:
            row = await cur.fetchone()
        if row and not renew:
            return row[0]
        key = secrets.token_urlsafe(16)
        await self.db.execute(
            "INSERT INTO settings (key, value) VALUES ('display_key', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key,),
        )
        return key

    async def is_display_key(self, key: str | None) -> bool:
        """Compared as bytes: `compare_digest` raises on a str that is not ASCII (a key typed with ä)."""
        if not key:
            return False
        return hmac.compare_digest(key.encode("utf-8", "surrogatepass"), (await self.display_key()).encode())
