"""docker-compose runs ClamAV's daemon beside the worker, unpublished, and points the app
at it; CI installs clamd for the tests."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_clamd_on_the_backend_network_only_and_the_app_scans_with_it():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    clamav = compose["services"]["clamav"]
    assert clamav["image"].startswith("clamav/clamav:")
    assert "ports" not in clamav
    for service in ("web", "worker"):
        environment = compose["services"][service]["environment"]
        assert environment["DOCUMENT_SCANNER"] == "clamd"
        assert environment["CLAMD_ADDRESS"] == "tcp://clamav:3310"


def test_ci_installs_clamd_and_libmagic():
    script = (ROOT / ".ci" / "run").read_text()
    for package in ("clamav-daemon", "clamav", "libmagic1"):
        assert f" {package}" in script or f"({package}" in script, package
