"""Early Help case management: the project package."""

from earlyhelp.celery import app as celery_app

__all__ = ["celery_app"]
