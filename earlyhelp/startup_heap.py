"""Keep what a process builds while starting out of the garbage collector's full passes.

A web process holds a few hundred thousand long-lived objects once Django is set up
and the URL configuration (and with it every view, form and serializer module) is
loaded. Python's collector walks all of them in each full (oldest-generation) pass,
which at that size takes 100-200 ms on a small machine and lands on whichever request
happens to trigger it: a page that is quick on every other request is then slow at its
95th percentile. Those objects live as long as the process, so nothing is lost by
moving them out of the collector's reach (`gc.freeze`) once, after start-up; later
full passes walk only what requests have made since.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver


def freeze_startup_heap() -> None:
    """Load the URL configuration, then freeze every object made so far.

    Call once per process after `django.setup()` (earlyhelp/wsgi.py, in each gunicorn
    worker), before it serves requests.
    """
    get_resolver().reverse_dict  # noqa: B018 - imports every URL module and view
    gc.collect()  # what start-up made and dropped is freed, not frozen
    gc.freeze()
