"""Content items: everything a user saved, as it came in."""
