"""System: health, logging, request middleware."""
