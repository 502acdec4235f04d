"""A migration run: read the legacy data, write what is new or changed, report.

Runs commit in batches, and each batch writes its `legacy_records` rows with the rows they
made, so a run that dies half-way is either resumed (the next run skips what is recorded as
unchanged) or undone (`rollback`). A dry run reads and compares only: it writes nothing, not
even its own run row (except the row an API call needs to report on).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError

from kbagent.config import Settings
from kbagent.content import repository as content_repository
from kbagent.db import Database, utcnow
from kbagent.errors import Duplicate, KbagentError
from kbagent.knowledge import embedding_space
from kbagent.knowledge.categories import category_name
from kbagent.legacy import repository
from kbagent.legacy.chats import write_chat
from kbagent.legacy.decode import Decoder
from kbagent.legacy.items import (
    SOURCE_TYPE,
    Category,
    note_of,
    resolve_category,
    title_of,
    validation_reason,
    write_item,
)
from kbagent.legacy.media import copy_media
from kbagent.legacy.models import LegacyRecord, LegacyRun
from kbagent.legacy.reading import media_roots, read_legacy, since_filter
from kbagent.legacy.records import LegacyData, LegacyItem
from kbagent.legacy.schemas import MigrationReport, MigrationRequest
from kbagent.legacy.syntheses import place, recompute_staleness, write_synthesis

BATCH = 200
HEARTBEAT_S = 120  # a "running" run silent for longer died with its process
T = TypeVar("T")
Progress = Callable[[str, int, int], None]
WRITE_ERRORS = (ValidationError, KbagentError, IntegrityError, DataError, OSError)


def _batches(values: list[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return validation_reason(exc)
    if isinstance(exc, KbagentError):
        return exc.message[:300]
    if isinstance(exc, IntegrityError | DataError):
        return f"could not be stored: {str(exc.orig)[:300]}"
    return str(exc)[:300]


class Migration:
    def __init__(
        self,
        database: Database,
        settings: Settings,
        request: MigrationRequest,
        run_id: str | None,
        progress: Progress | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.request = request
        self.run_id = run_id
        self.dry_run = request.dry_run
        self.on_progress = progress
        self.report = MigrationReport(
            run_id=run_id,
            dry_run=request.dry_run,
            since=request.since,
            sources={
                "db": request.db
                if request.db and "://" not in request.db
                else _redacted(request.db),
                "json_dir": request.json_dir,
                "kb_dir": request.kb_dir,
                "media_root": request.media_root,
            },
        )
        self.roots = media_roots(request)
        self.knowledge_by_tweet: dict[str, str] = {}
        self.resolved: dict[Category, Category] = {}
        self.titles: dict[str, str] = {}

    # progress ---------------------------------------------------------------------------

    def progress(self, stage: str, done: int, total: int) -> None:
        if self.on_progress is not None:
            self.on_progress(stage, done, total)
        if self.run_id is None:
            return
        with self.database.writer() as session:
            run = repository.get_run(session, self.run_id)
            if run is not None:
                run.progress = {
                    "stage": stage, "done": done, "total": total, "at": utcnow().isoformat()
                }  # fmt: skip
                session.commit()

    # reading ----------------------------------------------------------------------------

    def read(self) -> LegacyData:
        dec = Decoder()
        data = read_legacy(self.request, dec)
        dropped = since_filter(data, self.request.since)
        self.report.tables_in = data.tables_in
        self.report.decode_repairs = dec.summary()
        for skipped in data.skipped:
            self.report.skip(skipped.kind, skipped.key, skipped.reason)
        self.report.records_in = {
            "items": len(data.items),
            "categories": len(data.categories),
            "syntheses": len(data.syntheses),
            "chat_sessions": len(data.chats),
            "chat_messages": sum(len(c.messages) for c in data.chats),
            "older_than_since": dropped,
        }
        for item in data.items.values():
            if not title_of(item)[1]:
                self.report.lacks_title(item.tweet_id)
            if note_of(item) is None and not item.full_text:
                self.report.lacks_content(item.tweet_id)
        return data

    def integrity_before(self, data: LegacyData) -> None:
        kb_ids = {i for item in data.items.values() for i in item.kb_item_ids}
        unknown = sum(
            1 for s in data.syntheses.values() for d in s.dependency_kb_ids if d not in kb_ids
        )
        with self.database.reader() as session:
            counts = repository.counts(session)
        self.report.integrity["before"] = {
            "kbagent": counts,
            "items_merged_from_several_places": sum(
                1 for i in data.items.values() if len(i.origins) > 1
            ),
            "synthesis_dependencies_not_found": unknown,
        }

    def integrity_after(self, data: LegacyData) -> None:
        missing_rows = 0
        dangling_media = 0
        with self.database.reader() as session:
            counts = repository.counts(session)
            if not self.dry_run:
                known = repository.records(session, "item")
                for tweet_id in data.items:
                    record = known.get(tweet_id)
                    content_id = record.targets.get("content_item") if record else None
                    row = content_repository.get(session, content_id) if content_id else None
                    if row is None:
                        missing_rows += 1
                        continue
                    for entry in row.media_files or []:
                        path = entry.get("path") if isinstance(entry, dict) else None
                        if path and not (self.settings.data_dir / path).is_file():
                            dangling_media += 1
        self.report.integrity["after"] = {
            "kbagent": counts,
            "items_not_in_kbagent": missing_rows,
            "media_paths_to_missing_files": dangling_media,
        }

    # items ------------------------------------------------------------------------------

    def items(self, data: LegacyData) -> None:
        with self.database.reader() as session:
            known = {
                k: (r.fingerprint, dict(r.targets))
                for k, r in repository.records(session, "item").items()
            }
        items = sorted(data.items.values(), key=lambda i: i.tweet_id)
        done = 0
        for batch in _batches(items):
            if self.dry_run:
                self._plan_items(batch, known)
            else:
                self._write_items(batch, known)
            done += len(batch)
            self.progress("items", done, len(items))
            self.database.give_way()

    def _plan_items(
        self, batch: list[LegacyItem], known: dict[str, tuple[str, dict[str, Any]]]
    ) -> None:
        with self.database.reader() as session:
            for item in batch:
                copied = copy_media(
                    item.media, self.roots, item.folder, self.settings.data_dir, True
                )
                for path in copied.missing:
                    self.report.media_missing(item.tweet_id, path)
                previous = known.get(item.tweet_id)
                if previous is not None:
                    outcome = "unchanged" if previous[0] == item.fingerprint() else "updated"
                elif content_repository.get_by_source(session, SOURCE_TYPE, item.tweet_id):
                    outcome = "adopted"
                else:
                    outcome = "new"
                self.report.count("content_items", outcome)
                if note_of(item) is not None:
                    self.report.count("knowledge_items", outcome)

    def _write_items(
        self, batch: list[LegacyItem], known: dict[str, tuple[str, dict[str, Any]]]
    ) -> None:
        assert self.run_id is not None
        copies = {}
        for item in batch:
            previous = known.get(item.tweet_id)
            digest = item.fingerprint()
            if previous is not None and previous[0] == digest:
                self.report.count("content_items", "unchanged")
                if previous[1].get("knowledge_item"):
                    self.report.count("knowledge_items", "unchanged")
                    self.knowledge_by_tweet[item.tweet_id] = previous[1]["knowledge_item"]
                    self.titles[title_of(item)[0]] = previous[1]["knowledge_item"]
                continue
            try:
                copies[item.tweet_id] = copy_media(
                    item.media, self.roots, item.folder, self.settings.data_dir, False
                )
            except OSError as exc:
                self.report.skip("item", item.tweet_id, f"media could not be copied: {exc}")
        with self.database.writer() as session:
            records = repository.records_for(session, "item", list(copies))
            for item in batch:
                copied = copies.get(item.tweet_id)
                if copied is None:
                    continue
                for path in copied.missing:
                    self.report.media_missing(item.tweet_id, path)
                record = records.get(item.tweet_id)
                targets = dict(record.targets) if record is not None else None
                try:
                    with session.begin_nested():
                        written = write_item(
                            session,
                            item,
                            (copied.entries, copied.stored),
                            self.settings,
                            self.run_id,
                            targets,
                            item.fingerprint(),
                            resolve_category(session, item, self.settings, self.resolved),
                        )
                        made = set((targets or {}).get("media_created", [])) | set(copied.created)
                        written.targets["media_created"] = sorted(made)
                        self._record(
                            session,
                            record,
                            "item",
                            item.tweet_id,
                            item.fingerprint(),
                            written.targets,
                        )
                except WRITE_ERRORS as exc:
                    self.resolved.clear()  # a node made in the undone savepoint is gone
                    self.report.skip("item", item.tweet_id, _reason(exc))
                    continue
                for table, outcome in written.outcome.items():
                    self.report.count(table, outcome)
                if written.knowledge_item_id:
                    self.knowledge_by_tweet[item.tweet_id] = written.knowledge_item_id
                    self.titles[title_of(item)[0]] = written.knowledge_item_id
            session.commit()

    def _record(
        self,
        session: Any,
        record: LegacyRecord | None,
        kind: str,
        key: str,
        digest: str,
        targets: dict[str, Any],
    ) -> None:
        assert self.run_id is not None
        if record is None:
            repository.add(
                session,
                LegacyRecord(
                    run_id=self.run_id, kind=kind, legacy_key=key[:512], fingerprint=digest,
                    targets=targets,
                ),
            )  # fmt: skip
        else:
            record.fingerprint, record.targets = digest, targets
            if record.run_id != self.run_id:
                record.updated_run_id = self.run_id
            session.flush()

    # categories, syntheses, chats -------------------------------------------------------

    def categories(self, data: LegacyData, before: set[tuple[str, str]]) -> None:
        from kbagent.knowledge import tree

        wanted = {(c.main_category, c.sub_category) for c in data.categories if c.sub_category}
        if not wanted:
            return
        with self.database.writer() as session:
            for main, sub in sorted(wanted):
                pair = (category_name(main), category_name(sub or ""))
                self.report.count("categories", "unchanged" if pair in before else "new")
                if self.dry_run:
                    continue
                try:
                    with session.begin_nested():
                        tree.resolve(session, main, sub, self.settings.category_similarity)
                except KbagentError as exc:
                    self.report.skip("category", f"{main}/{sub}", exc.message)
            if not self.dry_run:
                session.commit()

    def record_categories(self, before: set[tuple[str, str]]) -> None:
        if self.dry_run:
            return
        with self.database.writer() as session:
            existing = repository.records(session, "category")
            made = repository.category_pairs(session) - before
            for category in repository.categories_named(session, made):
                category.origin = "user"  # the legacy tree had it: kept while empty
                key = f"{category.main_category}/{category.sub_category}"
                targets = {"category": category.id, "created": ["category"]}
                self._record(session, existing.get(key), "category", key, "", targets)
            session.commit()

    def syntheses(self, data: LegacyData) -> None:
        kb_to_tweet = {kb: i.tweet_id for i in data.items.values() for kb in i.kb_item_ids}
        with self.database.writer() as session:
            known = repository.records(session, "synthesis")
            written: dict[str, tuple[Any, bool]] = {}
            for key, legacy in sorted(data.syntheses.items()):
                record = known.get(key)
                digest = legacy.fingerprint()
                if record is not None and record.fingerprint == digest:
                    self.report.count("syntheses", "unchanged")
                    continue
                if self.dry_run:
                    self.report.count("syntheses", "updated" if record else "new")
                    continue
                ids = [
                    self.knowledge_by_tweet[kb_to_tweet[d]]
                    for d in legacy.dependency_kb_ids
                    if d in kb_to_tweet and kb_to_tweet[d] in self.knowledge_by_tweet
                ]
                try:
                    with session.begin_nested():
                        where = place(session, legacy, self.settings)
                        if where is None:
                            self.report.skip("synthesis", key, "category name is not usable")
                            continue
                        previous = record.targets.get("synthesis") if record else None
                        result = write_synthesis(session, legacy, where, ids, previous)
                        if result is None:
                            self.report.count("syntheses", "adopted")
                            continue
                        doc, outcome = result
                        targets = {"synthesis": doc.id, "created": ["synthesis"]}
                        self._record(session, record, "synthesis", key, digest, targets)
                except WRITE_ERRORS as exc:
                    self.report.skip("synthesis", key, _reason(exc))
                    continue
                written[doc.id] = (doc, legacy.is_stale)
                self.titles[doc.title] = doc.id
                self.report.count("syntheses", outcome)
            if written:
                self.report.integrity["syntheses"] = recompute_staleness(
                    session, self.settings, written
                )
            session.commit()

    def chats(self, data: LegacyData) -> None:
        with self.database.reader() as session:
            known = {
                k: (r.fingerprint, r.targets.get("chat_session"))
                for k, r in repository.records(session, "chat").items()
            }
        done = 0
        for batch in _batches(data.chats):
            with self.database.writer() as session:
                records = repository.records_for(session, "chat", [c.session_id for c in batch])
                for chat in batch:
                    previous = known.get(chat.session_id)
                    digest = chat.fingerprint()
                    if previous is not None and previous[0] == digest:
                        self.report.count("chat_sessions", "unchanged")
                        continue
                    outcome = "updated" if previous else "new"
                    if not self.dry_run:
                        try:
                            with session.begin_nested():
                                session_id, outcome = write_chat(
                                    session, chat, self.titles, previous[1] if previous else None
                                )
                                targets = {"chat_session": session_id, "created": ["chat_session"]}
                                self._record(
                                    session,
                                    records.get(chat.session_id),
                                    "chat",
                                    chat.session_id,
                                    digest,
                                    targets,
                                )
                        except WRITE_ERRORS as exc:
                            self.report.skip("chat_session", chat.session_id, _reason(exc))
                            continue
                    self.report.count("chat_sessions", outcome)
                    self.report.count_many("chat_messages", outcome, len(chat.messages))
                session.commit()
            done += len(batch)
            self.progress("chats", done, len(data.chats))

    def embeddings(self, data: LegacyData) -> None:
        made = sum(
            getattr(self.report.out.get("knowledge_items"), k, 0) for k in ("new", "updated")
        )
        space = embedding_space.configured(self.settings)
        legacy = dict(data.embeddings)
        models = legacy.get("models", {})
        self.report.embeddings = {
            **legacy,
            "configured_model": space.model,
            # Legacy vectors embed a whole document; kbagent's index is per chunk, so a
            # vector is reusable only from the same model on a one-chunk item: the pipeline
            # re-embeds instead, which also keeps one model per index.
            "model_matches": space.model in models or space.model.split(":")[-1] in models,
            "reused": 0,
            "to_reembed": made,
        }

    # the run ----------------------------------------------------------------------------

    def run(self) -> MigrationReport:
        started = time.perf_counter()
        self.progress("reading", 0, 0)
        data = self.read()
        self.integrity_before(data)
        with self.database.reader() as session:
            before = repository.category_pairs(session)
        self.categories(data, before)
        self.items(data)
        self.syntheses(data)
        self.chats(data)
        self.record_categories(before)
        self.embeddings(data)
        self.integrity_after(data)
        self.report.duration_s = round(time.perf_counter() - started, 3)
        return self.report


def _redacted(url: str | None) -> str | None:
    if not url:
        return url
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a report never fails on a URL it cannot parse
        return "(url)"


def start_run(database: Database, request: MigrationRequest) -> LegacyRun:
    """The run's row; an earlier run left `running` by a dead process is marked interrupted
    (this run resumes it: what it recorded counts as unchanged)."""
    with database.writer() as session:
        active = []
        for run in repository.unfinished_runs(session):
            beat = run.progress.get("at") if isinstance(run.progress, dict) else None
            seen = datetime.fromisoformat(beat) if isinstance(beat, str) else run.started_at
            if seen.tzinfo is None:
                seen = seen.replace(tzinfo=UTC)
            if utcnow() - seen < timedelta(seconds=HEARTBEAT_S):
                active.append(run.id)
        if active:
            raise Duplicate("A legacy migration is running already.", {"run_id": active[0]})
        repository.mark_interrupted(session, [r.id for r in repository.unfinished_runs(session)])
        options = request.model_dump(mode="json")
        if request.db and "://" in request.db:
            options["db"] = _redacted(request.db)
        run = LegacyRun(status="running", dry_run=request.dry_run, options=options, progress={})
        repository.add(session, run)
        session.commit()
        return run


def save_report(settings: Settings, report: MigrationReport) -> Path:
    folder = settings.data_dir / "legacy"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"report-{report.run_id or 'dry-run'}-{stamp}.json"
    path = folder / name
    path.write_text(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False))
    return path


def execute(
    database: Database,
    settings: Settings,
    request: MigrationRequest,
    run_id: str | None,
    progress: Progress | None = None,
) -> tuple[MigrationReport, Path]:
    """Run the migration (the run's row, if any, made by `start_run`) and save its report."""
    migration = Migration(
        database, settings, request, run_id if not request.dry_run else None, progress
    )
    try:
        report = migration.run()
    except Exception as exc:
        if run_id is not None:
            _finish(database, run_id, "failed", None, getattr(exc, "message", str(exc))[:2000])
        raise
    report.run_id = run_id
    path = save_report(settings, report)
    if run_id is not None:
        _finish(database, run_id, "completed", report, None)
    return report, path


def _finish(
    database: Database, run_id: str, status: str, report: MigrationReport | None, error: str | None
) -> None:
    with database.writer() as session:
        run = repository.get_run(session, run_id)
        if run is not None:
            run.status = status
            run.finished_at = utcnow()
            run.error = error
            run.report = report.model_dump(mode="json") if report is not None else None
            session.commit()


def migrate(
    database: Database,
    settings: Settings,
    request: MigrationRequest,
    progress: Progress | None = None,
) -> tuple[MigrationReport, Path]:
    """The CLI's entry: a dry run writes nothing; a real one is a recorded run."""
    run_id = None if request.dry_run else start_run(database, request).id
    return execute(database, settings, request, run_id, progress)
