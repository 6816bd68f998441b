"""REST API plumbing shared by every app's api.py: errors, paging, scopes, auditing."""
