"""Request and response shapes of the auth API (fixed by the web app's contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from kbagent.auth.roles import Role
from kbagent.fields import storable_text

_Storable = AfterValidator(storable_text)

Username = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
]
# Long enough to matter, short enough that hashing it is no denial of service.
NewPassword = Annotated[str, StringConstraints(min_length=8, max_length=256), _Storable]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256), _Storable]
Secret = Password
LoginName = Annotated[str, StringConstraints(min_length=1, max_length=64), _Storable]
KeyName = Annotated[str, StringConstraints(min_length=1, max_length=100), _Storable]


class AuthStatus(BaseModel):
    setup_required: bool
    auth_enabled: bool


class SetupRequest(BaseModel):
    setup_token: Secret
    username: Username
    password: NewPassword


class LoginRequest(BaseModel):
    username: LoginName
    password: Password


class RefreshRequest(BaseModel):
    refresh_token: Secret | None = None


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    role: Role
    created_at: datetime
    last_login_at: datetime | None


class Session(BaseModel):
    user: UserRead
    csrf_token: str
    access_token: str
    access_expires_at: datetime
    refresh_token: str


class PasswordChange(BaseModel):
    current_password: Password
    new_password: NewPassword


class UserCreate(BaseModel):
    username: Username
    password: NewPassword
    role: Role


class UserUpdate(BaseModel):
    role: Role | None = None
    password: NewPassword | None = None


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreate(BaseModel):
    name: KeyName
    role: Role


class ApiKeyCreated(BaseModel):
    key: ApiKeyRead
    secret: str = Field(description="The key itself; shown this once, stored only hashed.")
