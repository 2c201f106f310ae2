"""年度工作's state changes, one module per programme. Every function takes the acting user as
`by=`, checks the rule of `permissions.py` on the record's path, and changes rows with their
audit event in one transaction (`core.workflow` for what moves through states)."""
