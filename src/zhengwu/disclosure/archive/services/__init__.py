"""The 公文库's changes: each takes the acting user as `by=`, checks the role in scope and writes
the record with its audit event in one transaction."""
