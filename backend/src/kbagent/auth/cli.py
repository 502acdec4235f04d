"""`kbagent user ...`: accounts from the command line (the first admin, a lost password)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import click
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from kbagent.auth import repository, service
from kbagent.auth.passwords import hash_password
from kbagent.auth.roles import Role
from kbagent.auth.schemas import NewPassword, Username
from kbagent.config import Settings
from kbagent.db import open_database
from kbagent.errors import KbagentError

T = TypeVar("T")
CLI_ACTOR = "cli"


def _checked(adapter: TypeAdapter[str], value: str, what: str) -> str:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise click.BadParameter(exc.errors()[0]["msg"], param_hint=what) from None


def _write(settings: Settings, work: Callable[[Session], T]) -> T:
    from kbagent.audit.service import Actor, actor_var

    actor_var.set(Actor(CLI_ACTOR, None))
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            result = work(session)
            session.commit()
            return result
    except KbagentError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        sys.exit(1)
    finally:
        database.dispose()


@click.group("user")
def user_group() -> None:
    """Accounts: create (the first admin too), list, reset a password."""


@user_group.command("create")
@click.option("--username", prompt=True, help="Letters, digits and _ . @ -")
@click.option(
    "--password", prompt=True, hide_input=True, confirmation_prompt=True, help="8+ characters."
)
@click.option("--admin", "role", flag_value=Role.ADMIN.value, help="Create an admin.")
@click.option(
    "--role",
    "role",
    type=click.Choice([r.value for r in Role]),
    default=Role.VIEWER.value,
    show_default=True,
)
@click.pass_obj
def create(settings: Settings, username: str, password: str, role: str) -> None:
    """Create an account (`--admin` for the first admin on a fresh install)."""
    username = _checked(TypeAdapter(Username), username, "--username")
    password = _checked(TypeAdapter(NewPassword), password, "--password")
    hashed = hash_password(password)
    user = _write(settings, lambda s: service.create_user(s, username, hashed, Role(role)))
    click.echo(f"Created {user.role} {user.username!r} (id {user.id}).")


@user_group.command("list")
@click.pass_obj
def list_users(settings: Settings) -> None:
    for user in _write(settings, repository.users):
        click.echo(f"{user.id}\t{user.username}\t{user.role}")


@user_group.command("password")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.pass_obj
def reset_password(settings: Settings, username: str, password: str) -> None:
    """Set a new password (the account's sessions end)."""
    password = _checked(TypeAdapter(NewPassword), password, "--password")
    hashed = hash_password(password)

    def work(session: Session) -> None:
        user = repository.user_by_name(session, username)
        if user is None:
            raise KbagentError(f"No user named {username!r}.")
        service.update_user(session, user.id, None, hashed)

    _write(settings, work)
    click.echo(f"Password of {username!r} changed; its sessions are ended.")
