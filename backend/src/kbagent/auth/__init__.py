"""Accounts and sessions: users and roles, login, access and refresh tokens, API keys, the
one-time setup of the first admin, and the guard every `/api/v1` router and `/ws` go through."""
