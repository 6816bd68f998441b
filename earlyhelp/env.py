"""Environment access for settings.

Settings read the environment once, here, through django-environ. A secret that a
profile needs and that is missing stops start-up with a clear message instead of
running with an unsafe default.
"""

from __future__ import annotations

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def get_mandatory_secret(name: str) -> str:
    """Return the secret `name` from the environment or refuse to start."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Production refuses to start without it; "
            "set it in the environment (see README, Configuration)."
        )
    return value
