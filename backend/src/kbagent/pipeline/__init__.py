"""The agent's phases as plain functions (`phase.py` says what a phase is); `defaults.py`
lists the ones a run uses. Kept empty so importing one module (say `pipeline.models`) does not
load every phase."""
