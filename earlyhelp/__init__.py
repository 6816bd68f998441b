"""Early Help case management: the kernel, below every app.

Settings, the URL policy, Celery and the outbox, the GOV.UK form kit, the API's base
classes, and the audit and role interfaces that `cases/` and `partners/` register into
at start-up. It imports no app; the apps are put together in `composition/`."""

import os

# Whether whoever started this process chose the settings. Importing the Celery app
# below sets a development default in os.environ; the launcher must not hand that
# default on to the commands it runs (pytest reads its own from pyproject.toml).
SETTINGS_CHOSEN_BY_CALLER = "DJANGO_SETTINGS_MODULE" in os.environ

from earlyhelp.celery import app as celery_app  # noqa: E402

__all__ = ["SETTINGS_CHOSEN_BY_CALLER", "celery_app"]
