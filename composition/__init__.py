"""The composition: the one place that puts every app together.

It holds the root URLconf (composition/urls.py), the API router (composition/api_urls.py)
and the demo orchestration (the seed_demo, prepare_demo and demo_logins commands). It is
the only package allowed to import every app, and no app imports it
(docs/architecture.md; the import-linter contracts in .importlinter enforce both).
"""
