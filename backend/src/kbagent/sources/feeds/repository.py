"""Every query of the feed subscriptions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbagent.sources.feeds.models import FeedSubscription


def list_feeds(session: Session) -> Sequence[FeedSubscription]:
    return session.scalars(
        select(FeedSubscription).order_by(FeedSubscription.created_at, FeedSubscription.id)
    ).all()


def get(session: Session, feed_id: str) -> FeedSubscription | None:
    return session.get(FeedSubscription, feed_id)


def by_url(session: Session, url: str) -> FeedSubscription | None:
    return session.scalars(select(FeedSubscription).where(FeedSubscription.url == url)).first()


def add(session: Session, feed: FeedSubscription) -> None:
    session.add(feed)
    session.flush()


def delete(session: Session, feed: FeedSubscription) -> None:
    session.delete(feed)
    session.flush()
