"""The audit log: security events on record (who, what, to whom, when, from where).

`record()` is the one way in. Rows are append-only through the ORM (rung.web.audit.models);
admins read them on /audit/ and export them as CSV; nobody else sees they exist (404).
"""
