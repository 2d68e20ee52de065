"""The schema migrations, generated from tracker/src/store/migrations.ts (scripts/gen-python-schema.ts)."""
import json
import sqlite3
from typing import List, NamedTuple

from ._errors import SchemaTooNewError


class Migration(NamedTuple):
    version: int
    description: str
    sql: str


def _load() -> List[Migration]:
    try:
        from importlib.resources import files  # Python >= 3.9

        text = files(__package__).joinpath("_migrations.json").read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError, OSError):  # e.g. an unusual loader: fall back to the file next to us
        import os

        with open(os.path.join(os.path.dirname(__file__), "_migrations.json"), encoding="utf-8") as f:
            text = f.read()
    rows = json.loads(text)
    return [Migration(int(r["version"]), str(r["description"]), str(r["sql"])) for r in rows]


MIGRATIONS = _load()
KNOWN_SCHEMA_VERSION = MIGRATIONS[-1].version if MIGRATIONS else 0


def too_new(path: str, version: int) -> SchemaTooNewError:
    return SchemaTooNewError(
        "The Loupe database {} uses schema version {}, this loupe client knows up to {}; update it "
        "(pip install -U ./tracker/python). Nothing was written.".format(path, version, KNOWN_SCHEMA_VERSION)
    )


def split_statements(sql: str) -> List[str]:
    """Splits a script into complete statements (semicolons inside strings, comments or triggers stay put)."""
    out: List[str] = []
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                out.append(pending.strip())
            pending = ""
    if pending.strip(" \t\r\n;"):
        out.append(pending.strip().rstrip(";"))
    return out


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Applies every migration newer than `user_version`, each in its own BEGIN IMMEDIATE transaction
    that re-reads the version first, so concurrent writers never apply one twice (like database.ts).

    Statements run one by one: `executescript` would commit the open transaction on Python < 3.12.
    """
    current = user_version(conn)
    if current > KNOWN_SCHEMA_VERSION:
        raise too_new(path, current)
    for m in MIGRATIONS:
        if m.version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            now = user_version(conn)
            if now > KNOWN_SCHEMA_VERSION:
                raise too_new(path, now)
            if now < m.version:
                for statement in split_statements(m.sql):
                    conn.execute(statement)
                conn.execute("PRAGMA user_version = {}".format(int(m.version)))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
