"""kbagent: a self-hosted knowledge-base AI agent."""

__version__ = "0.1.0"
