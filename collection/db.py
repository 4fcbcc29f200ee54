"""The collection database: SQLite (standard library), its schema, migrations and Vietnamese folding.

One database holds many plans. Each indexed file is one row of `documents`; its sections, tasks,
assignments, units, legal references with their mentions, and findings hang off it and are
deleted with it (foreign keys, ON DELETE CASCADE). A document is written in one transaction, so a
reader, a second writer or a crash sees either the whole document or none of it.

- WAL journal and a busy timeout: two `kehoach index` runs on one database wait for each other's
  transactions instead of failing; readers (queries, `kehoach serve`) never block a writer.
- The schema is versioned: `schema_version` holds the number of the last migration applied;
  `MIGRATIONS[i]` takes a database from version i to i + 1. Opening a database applies the
  missing steps in one transaction; a database newer than this kehoach is refused.
- Full-text search over task text: the FTS5 table `task_fts` indexes the *folded* text
  (diacritics removed, đ → d, case-folded), so "so tai chinh" and "Sở Tài chính" find the same
  tasks. Queries are folded the same way (`fts_query`).
"""
from __future__ import annotations

import re
import sqlite3
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

from kehoach.pipeline.errors import KehoachError

BUSY_TIMEOUT_MS = 60_000
"""How long a writer waits for another's transaction before giving up (a document is written in
well under a second, so this is only reached when something holds the database for a minute)."""


class CollectionError(KehoachError):
    """The database cannot be opened, created or understood."""


def fold_text(text: str) -> str:
    """Case-folded text without diacritics, đ read as d: what the full-text index holds.

    Ví dụ: fold_text("Sở Tài chính chủ trì") → "so tai chinh chu tri".
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").casefold()


_TOKEN = re.compile(r"\w+")


def fts_query(text: str) -> str | None:
    """An FTS5 query that finds the task texts holding every word of `text`, in any diacritics.

    Ví dụ: fts_query("Sở tài chinh") → '"so" "tai" "chinh"'; words are quoted, so FTS5 syntax
    (AND, NEAR, *, quotes) typed by a user is read as words. None when `text` holds no word.
    """
    words = _TOKEN.findall(fold_text(text))
    return " ".join(f'"{w}"' for w in words) or None


_SYMBOL_DASHES = re.compile(r"[‐-―−]")


def symbol_key(symbol: str) -> str:
    """The số ký hiệu as compared across documents: no diacritics, upper case, no spaces, one kind
    of hyphen, no leading zeros in the number.

    Ví dụ: symbol_key("72/2015/NĐ-CP") == symbol_key("72/2015/ND-CP") == symbol_key("072 /2015/ NĐ–CP")
    == "72/2015/ND-CP".
    """
    key = fold_text(_SYMBOL_DASHES.sub("-", symbol)).upper()
    key = re.sub(r"\s+", "", key)
    return re.sub(r"^0+(?=\d)", "", key)


# --- schema --------------------------------------------------------------------------------------

_V1 = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,              -- as given on the command line (or found under a folder)
    abspath TEXT NOT NULL UNIQUE,    -- the key: one row per file
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    engine TEXT NOT NULL,            -- kehoach version + hash of its code and rules
    format TEXT,
    characters INTEGER,
    doc_type TEXT,
    title TEXT,
    number_symbol TEXT,
    date TEXT,
    issuer TEXT,
    place TEXT,
    signer TEXT,
    is_draft INTEGER NOT NULL DEFAULT 0,
    n_sections INTEGER NOT NULL,     -- counts written with the rows: a check that a document is whole
    n_tasks INTEGER NOT NULL,
    n_assignments INTEGER NOT NULL,
    n_units INTEGER NOT NULL,
    n_refs INTEGER NOT NULL,
    n_findings INTEGER NOT NULL
);
CREATE TABLE sections (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    parent_id TEXT,
    label TEXT,
    level INTEGER,
    heading TEXT,
    line INTEGER,
    PRIMARY KEY (doc_id, section_id)
);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    task_id TEXT NOT NULL,
    section_id TEXT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    deadline_text TEXT,
    start TEXT,
    due TEXT,
    recurrence TEXT,
    ongoing INTEGER NOT NULL DEFAULT 0,
    form TEXT,
    product TEXT,
    found_by TEXT,
    line INTEGER,
    legal_ref_ids TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX tasks_doc ON tasks(doc_id);
CREATE INDEX tasks_due ON tasks(due);
CREATE VIRTUAL TABLE task_fts USING fts5(folded, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE units (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL,
    name TEXT NOT NULL,
    base_id TEXT NOT NULL,           -- the registry body it is a form of ("so-tai-chinh" for a province's Sở Tài chính)
    kind TEXT,
    level TEXT,
    collective INTEGER NOT NULL DEFAULT 0,
    resolved_name TEXT,
    aliases TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (doc_id, unit_id)
);
CREATE INDEX units_unit ON units(unit_id);
CREATE INDEX units_base ON units(base_id);
CREATE TABLE unit_forms (            -- every written form of a unit, folded: name, aliases, resolved name
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL,
    form TEXT NOT NULL,
    PRIMARY KEY (doc_id, unit_id, form)
);
CREATE INDEX unit_forms_form ON unit_forms(form);
CREATE TABLE assignments (
    task INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL,
    role TEXT NOT NULL,
    text TEXT,
    line INTEGER
);
CREATE INDEX assignments_unit ON assignments(unit_id, role);
CREATE INDEX assignments_task ON assignments(task);
CREATE INDEX assignments_doc ON assignments(doc_id);
CREATE TABLE legal_refs (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ref_id TEXT NOT NULL,
    symbol_key TEXT,                 -- symbol_key(number_symbol): how documents are matched across plans
    number_symbol TEXT,
    doc_type TEXT,
    number TEXT,
    year INTEGER,
    type_code TEXT,
    issuer_code TEXT,
    family TEXT,
    date TEXT,
    issuer TEXT,
    title TEXT,
    is_basis INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX legal_refs_symbol ON legal_refs(symbol_key);
CREATE INDEX legal_refs_doc ON legal_refs(doc_id);
CREATE TABLE ref_mentions (
    ref INTEGER NOT NULL REFERENCES legal_refs(id) ON DELETE CASCADE,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER,
    section_id TEXT,
    text TEXT
);
CREATE INDEX ref_mentions_ref ON ref_mentions(ref);
CREATE INDEX ref_mentions_doc ON ref_mentions(doc_id);
CREATE TABLE findings (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    suggestion TEXT,
    ref_id TEXT,
    task_id TEXT,
    unit_id TEXT,
    line INTEGER
);
CREATE INDEX findings_doc ON findings(doc_id);
"""

MIGRATIONS: list[str] = [_V1]
"""Migration i takes the schema from version i to i + 1. Append new steps; never edit a released one."""
SCHEMA_VERSION = len(MIGRATIONS)


def _migrate(con: sqlite3.Connection, path: Path) -> None:
    """Apply the missing migrations in one transaction (two processes opening a new database at
    once: the second waits, then finds it up to date)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = con.execute("SELECT version FROM schema_version").fetchone()
        current = row[0] if row else 0
        if current > SCHEMA_VERSION:
            raise CollectionError(f"{path}: database schema version {current} is newer than this kehoach "
                                  f"understands ({SCHEMA_VERSION}); upgrade kehoach")
        for step in MIGRATIONS[current:]:
            for statement in _statements(step):
                con.execute(statement)
        if row is None:
            con.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        elif current != SCHEMA_VERSION:
            con.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit the open transaction)."""
    body = "\n".join(line.split("--", 1)[0] for line in script.splitlines())
    return [s.strip() for s in body.split(";") if s.strip()]


def _wal(con: sqlite3.Connection) -> None:
    """Switch a new database to WAL. The switch needs the database to itself, and SQLite answers
    "database is locked" at once, without waiting, when another process is creating it too (two
    `kehoach index` runs started together): try again until the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            con.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def connect(path: str | Path, *, create: bool = False) -> sqlite3.Connection:
    """Open the collection at `path` (created with `create`), migrated to the current schema.

    Raises CollectionError naming the file and the problem: a missing database (queries), a file
    that is not an SQLite database, a folder that cannot be written.
    """
    path = Path(path)
    if path.is_dir():
        raise CollectionError(f"{path}: is a directory, not a database file")
    if not create and not path.is_file():
        raise CollectionError(f"{path}: no such database; create it with kehoach index FILE... --db {path}")
    if create and not path.parent.is_dir():
        raise CollectionError(f"{path}: the folder {path.parent} does not exist")
    try:
        con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        con.execute("PRAGMA foreign_keys = ON")
        if create:
            _wal(con)
        con.execute("PRAGMA synchronous = NORMAL")
        _migrate(con, path)
    except sqlite3.DatabaseError as exc:
        raise CollectionError(f"{path}: cannot open the database ({exc})") from None
    con.row_factory = sqlite3.Row
    return con


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an existing collection for reading only (queries, the web API): no write can go through it.

    A database whose schema is older is migrated first (that one step writes); one that is current
    is only read, so a database on a read-only disk or a copy without write permission can be queried.
    """
    path = Path(path)
    if path.is_dir():
        raise CollectionError(f"{path}: is a directory, not a database file")
    if not path.is_file():
        raise CollectionError(f"{path}: no such database; create it with kehoach index FILE... --db {path}")

    def open_ro() -> sqlite3.Connection:
        con = sqlite3.connect(f"file:{quote(path.resolve().as_posix())}?mode=ro", uri=True,
                              timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return con

    try:
        con = open_ro()
        try:
            row = con.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.DatabaseError:
            row = None  # not a collection yet, or not a database: connect() says which
        if row is None or row[0] < SCHEMA_VERSION:
            con.close()
            connect(path).close()
            con = open_ro()
        elif row[0] > SCHEMA_VERSION:
            con.close()
            raise CollectionError(f"{path}: database schema version {row[0]} is newer than this kehoach "
                                  f"understands ({SCHEMA_VERSION}); upgrade kehoach")
    except sqlite3.DatabaseError as exc:
        raise CollectionError(f"{path}: cannot open the database ({exc})") from None
    con.row_factory = sqlite3.Row
    return con
