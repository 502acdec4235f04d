"""The knowledge base: generated items, embeddings and synthesis documents."""
