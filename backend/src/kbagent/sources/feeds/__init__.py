"""RSS and Atom feeds as a source: subscriptions, conditional refreshes, OPML in and out.

Each entry of a feed becomes one item (`source_type` "feed", keyed by the entry's link, or its
id when it has none); the run's cache phase fetches the entry's page like a bookmarked URL's.
"""
