"""Hostile zips: bombs, traversal names and lying headers are refused before anything is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kbagent.errors import InvalidInput, PayloadTooLarge
from kbagent.sources.safezip import SafeZip, unsafe_name

from .fixtures import zip_bytes


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "data/../../etc/passwd", "/etc/passwd", "C:/Windows/x", "a\\..\\b", "a\x00b"],
)
def test_unsafe_member_names(name: str) -> None:
    assert unsafe_name(name)


@pytest.mark.parametrize("name", ["data/tweets.js", "data/tweets_media/1-a.jpg", "x..y/z"])
def test_safe_member_names(name: str) -> None:
    assert not unsafe_name(name)


@pytest.mark.parametrize("name", ["../data/tweets.js", "/data/tweets.js"])
def test_zip_with_traversal_name_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "a.zip"
    path.write_bytes(zip_bytes({"data/account.js": b"x", name: b"window.YTD.tweets.part0 = []"}))
    with pytest.raises(InvalidInput, match="unsafe member name"):
        SafeZip(path, 10**9)


def test_zip_bomb_ratio_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_bytes({"data/tweets.js": b"\x00" * 30_000_000}))
    assert path.stat().st_size < 100_000
    with pytest.raises(InvalidInput, match="zip bomb"):
        SafeZip(path, 10**10)


def test_zip_over_total_size_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("data/a.bin", b"x" * 50_000)
    with pytest.raises(PayloadTooLarge):
        SafeZip(path, 40_000)


def test_lying_header_is_caught_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "liar.zip"
    path.write_bytes(zip_bytes({"data/tweets.js": b"y" * 300_000}))
    archive = SafeZip(path, 10**9)
    archive._budget = 1000  # as if the headers had declared a tiny total
    with pytest.raises(PayloadTooLarge), archive.open("data/tweets.js") as stream:
        stream.read()


def test_member_count_is_read_before_zipfile_parses_the_members(tmp_path: Path) -> None:
    from kbagent.sources.detect import detect
    from kbagent.sources.safezip import MAX_MEMBERS, declared_members

    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for n in range(MAX_MEMBERS + 1):  # past 65,535: the count is in the zip64 record
            archive.writestr(f"{n:x}", b"")
    with path.open("rb") as handle:
        assert declared_members(handle) == MAX_MEMBERS + 1
    with pytest.raises(InvalidInput, match="more than 200000 members"):
        detect(path)
    with pytest.raises(InvalidInput, match="more than 200000 members"):
        SafeZip(path, 10**9)
