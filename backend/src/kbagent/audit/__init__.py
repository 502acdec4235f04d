"""The audit log: who did what to what, when, from where, under which request id.

Other domains call `kbagent.audit.service.record(session, action, target=...)` inside their
unit of work; the actor and client come from the request (set by the auth guard).
"""
