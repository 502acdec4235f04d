"""A small client for the X API v2 endpoints kbagent uses, with rate-limit handling.

On 429 it waits until `x-rate-limit-reset` (epoch seconds) and retries, unless the wait is
longer than `KBAGENT_X_RATE_LIMIT_MAX_WAIT_SECONDS`, in which case the sync stops with a clear
error (503) and stores nothing, so the next sync starts over rather than leaving a gap that an
incremental sync would never revisit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from kbagent.config import Settings
from kbagent.errors import PermissionDenied, ServiceUnavailable
from kbagent.sources.fetch import FetchFailed

Sleep = Callable[[float], None]
TWEET_FIELDS = (
    "created_at,author_id,conversation_id,entities,note_tweet,referenced_tweets,"
    "attachments,in_reply_to_user_id"
)
EXPANSIONS = "author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id"
MEDIA_FIELDS = "url,preview_image_url,type,variants,width,height,alt_text"
USER_FIELDS = "username,name"
RETRIES = 3


class RateLimited(ServiceUnavailable):
    """X asked us to wait longer than we are willing to."""


class XClient:
    def __init__(self, settings: Settings, sleep: Sleep = time.sleep) -> None:
        self.settings = settings
        self.sleep = sleep
        self.http = httpx.Client(
            base_url=settings.x_api_base_url,
            timeout=httpx.Timeout(settings.fetch_timeout_seconds),
            headers={"user-agent": "kbagent"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> XClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        for _attempt in range(RETRIES + 1):
            try:
                response = self.http.request(method, path, **kwargs)
            except httpx.HTTPError as exc:
                raise FetchFailed(f"X API unreachable: {exc}.") from None
            if response.status_code != 429:
                break
            self._wait(response)
        else:
            raise RateLimited("X API kept answering 429 (rate limited); try again later.")
        if response.status_code in (401, 403):
            raise PermissionDenied(
                f"X API refused the request ({response.status_code}); reconnect the account.",
                {"detail": response.text[:300]},
            )
        if response.status_code >= 400:
            raise FetchFailed(
                f"X API answered HTTP {response.status_code}.", {"detail": response.text[:300]}
            )
        try:
            body: dict[str, Any] = response.json()
        except ValueError:
            raise FetchFailed("X API answered with something that is not JSON.") from None
        return body

    def _wait(self, response: httpx.Response) -> None:
        reset = response.headers.get("x-rate-limit-reset", "")
        wait = max(0.0, float(reset) - time.time()) + 1 if reset.isdigit() else 60.0
        if wait > self.settings.x_rate_limit_max_wait_seconds:
            raise RateLimited(
                f"X API rate limit: next window in {round(wait)} s; sync again later.",
                {"retry_after_seconds": round(wait)},
            )
        self.sleep(wait)

    def get(self, path: str, token: str, params: dict[str, Any]) -> dict[str, Any]:
        return self.request(
            "GET", path, params=params, headers={"authorization": f"Bearer {token}"}
        )

    def me(self, token: str) -> dict[str, Any]:
        data = self.get("/2/users/me", token, {"user.fields": USER_FIELDS}).get("data")
        if not isinstance(data, dict) or "id" not in data:
            raise FetchFailed("X API /2/users/me returned no user.")
        return data

    def bookmark_pages(self, user_id: str, token: str) -> Iterator[dict[str, Any]]:
        """Pages of bookmarks, newest first, until `meta.next_token` runs out."""
        params: dict[str, Any] = {
            "max_results": 100,
            "expansions": EXPANSIONS,
            "tweet.fields": TWEET_FIELDS,
            "media.fields": MEDIA_FIELDS,
            "user.fields": USER_FIELDS,
        }
        while True:
            page = self.get(f"/2/users/{user_id}/bookmarks", token, params)
            yield page
            next_token = (page.get("meta") or {}).get("next_token")
            if not next_token:
                return
            params["pagination_token"] = next_token

    def conversation(self, conversation_id: str, username: str, token: str) -> dict[str, Any]:
        """The author's own posts in a conversation (the rest of a thread), recent ones only."""
        return self.get(
            "/2/tweets/search/recent",
            token,
            {
                "query": f"conversation_id:{conversation_id} from:{username}",
                "max_results": 100,
                "expansions": EXPANSIONS,
                "tweet.fields": TWEET_FIELDS,
                "media.fields": MEDIA_FIELDS,
                "user.fields": USER_FIELDS,
            },
        )
