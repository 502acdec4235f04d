"""Chat sessions over the knowledge base."""
