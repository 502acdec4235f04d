"""Agent runs: the tasks table is the one source of truth for run state."""
