"""Backups that restore: one archive holding a consistent snapshot of the database, the vault,
the media and uploaded files, and the key file, described by a manifest with checksums.

- `archive.create_backup` writes `kbagent-backup-<UTC time>.tar.gz` (`kbagent backup`, the
  admin API, the scheduler); `store` lists, reads and prunes the backup folder.
- `restore.restore_backup` checks every checksum before touching anything, then builds the
  restored data directory (and, on PostgreSQL, the database) aside and commits both at the end.

The database snapshot: SQLite's online backup API (a page-exact copy, taken without blocking
writers in WAL mode); PostgreSQL: every table's rows in `COPY` text format, read inside one
REPEATABLE READ transaction (see `postgres.py` for why not `pg_dump`).
"""
