"""Migration from the earlier Knowledge Base Agent: its database, JSON state files and
generated markdown tree become kbagent items, categories, syntheses and chats (LEGACY.md)."""
