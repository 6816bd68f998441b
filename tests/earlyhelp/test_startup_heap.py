"""A web process freezes what it built while starting, so the collector's full passes
(which walk every tracked object) do not stall the request that triggers them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wsgi_entry_point_freezes_the_start_up_heap_with_every_view_loaded():
    script = (
        "import gc, sys, earlyhelp.wsgi; "
        "print(gc.get_freeze_count(), len(gc.get_objects()), "
        "'cases.views.chronology' in sys.modules)"
    )
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "earlyhelp.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    frozen, left, views_loaded = out.stdout.split()
    assert int(frozen) > 50_000
    assert int(left) < 1_000  # only what was made after the freeze
    assert views_loaded == "True"
