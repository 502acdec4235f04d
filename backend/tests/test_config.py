from __future__ import annotations

import pytest

from kbagent.config import SettingsError, load_settings


def test_defaults_are_local_and_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("KBAGENT_HOST", "KBAGENT_DATABASE_URL", "KBAGENT_REDIS_URL", "KBAGENT_PORT"):
        monkeypatch.delenv(key, raising=False)
    settings = load_settings()
    assert settings.host == "127.0.0.1"
    assert settings.port == 8000
    assert settings.redis_url is None
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert settings.resolved_database_url.endswith("/data/kbagent.db")


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("KBAGENT_PORT", "eighty", "KBAGENT_PORT"),
        ("KBAGENT_PORT", "70000", "KBAGENT_PORT"),
        ("KBAGENT_LOG_LEVEL", "LOUD", "KBAGENT_LOG_LEVEL"),
        ("KBAGENT_HOST", "not a host", "KBAGENT_HOST"),
        ("KBAGENT_DATABASE_URL", "mysql://x", "KBAGENT_DATABASE_URL"),
        ("KBAGENT_REDIS_URL", "http://x", "KBAGENT_REDIS_URL"),
    ],
)
def test_invalid_setting_is_one_sentence_naming_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    message = str(info.value)
    assert named in message
    assert "\n" not in message
    assert message.endswith(".")
