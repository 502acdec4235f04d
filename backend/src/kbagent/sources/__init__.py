"""Content sources: X bookmarks, imports (archive, exporter JSON, bookmark HTML), web pages, files.

Every source turns what it reads into `ItemDraft`s; `ingest` stores them exactly once.
"""
