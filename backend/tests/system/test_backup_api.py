"""`/api/v1/system/backups` for admins (take, list, download, delete; restore is the CLI's),
the scheduled backup with its retention, and the `kbagent backup` / `restore` commands."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import timedelta
from pathlib import Path

import pytest
from agent import steps
from auth.conftest import account
from click.testing import CliRunner
from harness import admin
from harness.instance import fingerprint, populate
from harness.runs import wait_run
from sqlalchemy import select

from kbagent import migrations
from kbagent.agent.models import Task
from kbagent.backup import scheduled, store
from kbagent.backup.restore import restore_backup
from kbagent.cli import main
from kbagent.config import Settings
from kbagent.db import open_database, utcnow

BACKUPS = "/api/v1/system/backups"


def test_admins_take_list_download_and_delete_backups(
    settings: Settings, base_url: str, tmp_path: Path
) -> None:
    populate(settings, items=3)
    with admin.Client(base_url=base_url) as client:
        created = client.post(BACKUPS)
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["tables"]["content_items"] == 3 and body["files"] > 5
        listed = client.get(BACKUPS).json()
        assert [b["name"] for b in listed["items"]] == [body["name"]]
        assert listed["keep"] == settings.backup_keep
        with client.stream("GET", f"{BACKUPS}/{body['name']}") as download:
            assert download.status_code == 200
            assert download.headers["content-type"] == "application/gzip"
            data = b"".join(download.iter_bytes())
        stored = settings.resolved_backup_dir / body["name"]
        assert hashlib.sha256(data).hexdigest() == hashlib.sha256(stored.read_bytes()).hexdigest()
        for bad in ("nope.tar.gz", "..%2Fkbagent.db", "kbagent-backup-x.tar.gz"):
            missing = client.get(f"{BACKUPS}/{bad}")
            assert missing.status_code == 404, (bad, missing.text)
            assert missing.json()["error_code"] == "not_found"
        assert client.delete(f"{BACKUPS}/{body['name']}").status_code == 204
        assert client.get(BACKUPS).json()["items"] == []
        assert client.delete(f"{BACKUPS}/{body['name']}").status_code == 404
        audit = client.get("/api/v1/system/audit", params={"limit": 50}).json()
        actions = {e["action"] for e in audit["items"]}
        assert {"backup.create", "backup.download", "backup.delete"} <= actions
    editor = account(base_url, "an-editor", "editor")
    refused = admin.post(f"{base_url}{BACKUPS}", headers=editor.headers)
    assert refused.status_code == 403


def test_scheduled_backups_keep_the_newest(settings: Settings) -> None:
    populate(settings, items=2)
    configured = settings.model_copy(update={"backup_cron": "0 3 * * *", "backup_keep": 2})
    since = utcnow() - timedelta(days=1, hours=1)  # a 03:00 has passed since
    taken = [scheduled.tick(configured, since)]
    assert taken[0] is not None
    assert scheduled.tick(configured, since) is None  # taken for this firing already
    for day in range(2, 5):  # the next firings, pretended
        taken.append(scheduled.tick(configured, since, now=utcnow() + timedelta(days=day)))
    kept = store.list_backups(configured)
    assert [b.name for b in kept] == taken[:-3:-1]  # the newest two, newest first
    never = settings.model_copy(update={"backup_cron": ""})
    assert scheduled.tick(never, since, now=utcnow() + timedelta(days=30)) is None


def test_backup_and_restore_commands(
    settings: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    populate(settings, items=2)
    runner = CliRunner()
    env = {"KBAGENT_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["KBAGENT_DATABASE_URL"] = settings.database_url
    out = tmp_path / "cli.tar.gz"
    made = runner.invoke(main, ["backup", "--out", str(out)], env=env)
    assert made.exit_code == 0, made.output
    assert str(out) in made.output
    target = empty_target.data_dir
    env = {"KBAGENT_DATA_DIR": "/nonexistent/not-used"}  # --data-dir wins
    if empty_target.database_url:
        env["KBAGENT_DATABASE_URL"] = empty_target.database_url
    restore = ["restore", str(out), "--data-dir", str(target)]
    done = runner.invoke(main, restore, env=env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["migrated_to"] == migrations.head_revision()
    assert fingerprint(empty_target) == fingerprint(settings)
    again = runner.invoke(main, restore, env=env)
    assert again.exit_code == 1 and "not empty" in again.output and "--force" in again.output
    out.write_bytes(out.read_bytes()[:-200])
    damaged = runner.invoke(main, [*restore, "--force"], env=env)
    assert damaged.exit_code == 1 and "damaged" in damaged.output
    assert fingerprint(empty_target) == fingerprint(settings)


@pytest.mark.usefixtures("test_phases")
def test_a_backup_taken_during_a_run_restores_to_that_instant(
    settings: Settings, base_url: str, empty_target: Settings
) -> None:
    """Through the API while a run is in its categorise phase (its steps held at a gate): the
    restored instance has exactly the snapshot's rows, the run among them as it was then."""
    populate(settings, items=3)
    with admin.Client(base_url=base_url) as client:
        for n in range(6):
            body = {
                "source_type": "url",
                "source_id": f"https://run.example/{n}",
                "title": f"r {n}",
            }
            assert client.post("/api/v1/content/items", json=body).status_code == 201
        steps.gate.clear()
        run = client.post("/api/v1/agent/start", json={"mode": "full"}).json()
        while client.get(f"/api/v1/agent/status/{run['id']}").json()["status"] != "running":
            time.sleep(0.05)
        created = client.post(BACKUPS)
        steps.gate.set()
        assert created.status_code == 201, created.text
        wait_run(client, run["id"])
    taken = created.json()
    restore_backup(empty_target, settings.resolved_backup_dir / taken["name"])
    after = fingerprint(empty_target)
    assert after.tables == taken["tables"]
    assert after.tables["content_items"] == 9
    database = open_database(empty_target.resolved_database_url)
    try:
        with database.reader() as session:
            assert (
                session.scalars(select(Task.status).where(Task.id == run["id"])).one() == "running"
            )
    finally:
        database.dispose()


def test_retention_and_backup_settings_are_changed_by_admins(base_url: str) -> None:
    with admin.Client(base_url=base_url) as client:
        bad = client.put("/api/v1/settings", json={"backup_cron": "every day at three"})
        assert bad.status_code == 422, bad.text
        assert "backup_cron" in bad.json()["message"]
        change = {"backup_cron": "0 3 * * *", "backup_keep": 3, "retain_runs": 10}
        done = client.put("/api/v1/settings", json=change)
        assert done.status_code == 200, done.text
        assert {k: done.json()["values"][k] for k in change} == change
        listed = client.get(BACKUPS).json()
        assert (listed["cron"], listed["keep"]) == ("0 3 * * *", 3)
