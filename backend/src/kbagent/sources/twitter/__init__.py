"""X (Twitter) API v2 bookmarks: OAuth 2.0 with PKCE, the bookmarks client, thread assembly."""
