# ruff: noqa: E501  (one question and its page per line reads best)
"""Chat questions over the PostgreSQL manual, written here as a user would ask them.

In-corpus: each question is answered by one page of the manual (its file name); wording is a
user's, not the page's heading. Off-corpus: questions the manual does not answer, several of
them sharing a word with it ("table", "index", "lock", "join", "window"), which is what a
word-overlap gate lets through. The set is held out: chat's relevance thresholds were
calibrated on a different set (bench/chat_calibration.py).
"""

from __future__ import annotations

IN_CORPUS: tuple[tuple[str, str], ...] = (
    ("How do I build an index over only some rows of a table?", "indexes-partial.html"),
    ("What is the write-ahead log good for and why does it make commits cheaper?", "wal-intro.html"),
    ("Which JSON storage type should I pick, json or jsonb, and how do they differ?", "datatype-json.html"),
    ("How can I split a big table into pieces by date range?", "ddl-partitioning.html"),
    ("Where do I configure which hosts may connect and with what authentication method?", "auth-pg-hba-conf.html"),
    ("What functions does the C client library offer to open a connection to the server?", "libpq-connect.html"),
    ("How do loops and IF statements work in PL/pgSQL?", "plpgsql-control-structures.html"),
    ("Why must dead rows be cleaned up regularly, and what prevents transaction ID wraparound?", "routine-vacuuming.html"),
    ("How do I compute a running total over ordered rows without grouping them?", "functions-window.html"),
    ("Can I restrict which rows each user sees in a table with policies?", "ddl-rowsecurity.html"),
    ("How does a subscriber receive changes published by another server?", "logical-replication-subscription.html"),
    ("Which settings control how often checkpoints happen and how WAL is written?", "runtime-config-wal.html"),
    ("How are timestamps with and without time zone stored and entered?", "datatype-datetime.html"),
    ("Does the column order matter in an index over several columns?", "indexes-multicolumn.html"),
    ("How do I turn a document into a tsvector and query it with tsquery?", "textsearch-controls.html"),
    ("How do I write a database function in Python?", "plpython-funcs.html"),
    ("What table lock modes exist and which ones conflict with each other?", "explicit-locking.html"),
    ("How do I bulk load rows from a CSV file into a table?", "sql-copy.html"),
    ("How does multiversion concurrency control let readers and writers not block each other?", "mvcc-intro.html"),
    ("Can I define a function whose body is just SQL statements?", "xfunc-sql.html"),
    ("How do I combine rows from two tables that match on a column?", "tutorial-join.html"),
    ("How does an embedded SQL program in C connect to a database?", "ecpg-connect.html"),
    ("Which view lists every column of every table with its data type?", "infoschema-columns.html"),
    ("Which system catalog describes tables, indexes and other relations?", "catalog-pg-class.html"),
    ("Can a single query use several CPU workers at once?", "parallel-query.html"),
    ("How can I hash passwords or encrypt data inside the database?", "pgcrypto.html"),
    ("Can I run read-only queries on a standby while it replays WAL?", "hot-standby.html"),
    ("How do recursive common table expressions work for walking a tree?", "queries-with.html"),
    ("How do I extract a field from a jsonb value in a query?", "functions-json.html"),
    ("How do I create a type with a fixed list of allowed values like mood names?", "datatype-enum.html"),
    ("Can an index be built on lower(name) so case-insensitive lookups are fast?", "indexes-expressional.html"),
    ("How do I make sure a column never holds duplicates or nulls?", "ddl-constraints.html"),
    ("What is the difference between scram-sha-256 and md5 password authentication?", "auth-password.html"),
    ("How does log shipping keep a warm standby server up to date?", "warm-standby.html"),
)  # fmt: skip

OFF_CORPUS: tuple[str, ...] = (
    "How long should I boil an egg for a soft yolk?",
    "What is the best wood for a dining room table?",
    "Which exercises strengthen the lower back?",
    "How do I pick a lock if I lost my house key?",
    "Where should I join a book club in my city?",
    "How often should I clean my windows in winter?",
    "What was the score of the last football world cup final?",
    "How do I repot an orchid without damaging its roots?",
    "What is the capital of Australia?",
    "Which sunscreen index protects best at the beach?",
    "How do I knit a scarf with two colours?",
    "What are good names for a golden retriever puppy?",
    "How many calories does a banana have?",
    "How do I change a flat tyre on a bicycle?",
    "Which planets can be seen without a telescope tonight?",
    "What is a good recipe for sourdough bread starter?",
    "How do I get red wine out of a carpet?",
    "What should I pack for a week of hiking in the Alps?",
    "How do I tune a guitar by ear?",
    "When is the best season to plant tulip bulbs?",
)


def question_pages() -> list[str]:
    return sorted({page for _, page in IN_CORPUS})
