"""Credentials at rest: sealed with Fernet (`sealing`), re-sealed by `kbagent secrets rotate`
(`rotation`), masked in API answers and redacted from every log line (`redaction`)."""
