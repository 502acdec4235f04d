"""Settings an admin changes at run time, stored in the database over the environment's.

`catalogue` names the editable settings, `live` is how every process (API, worker) sees the
settings in force, `service` reads and changes them, `connection` tests an AI backend.
"""
