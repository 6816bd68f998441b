"""The README and docs/architecture.md say true things about the code.

Cheap checks that catch drift without reading prose: every `make X` is a Makefile target
and every make variable one it reads; every `manage.py X --option` a command that takes
it, and every command of the project is mentioned; every repository path in backticks,
every linked file and every dotted name of the code exists; every page address and every
row of the API table is a route, and every API route is in the table; every beat task
named runs at the time given; every pinned dependency (Python and npm) is named in
"Dependencies and why" and locked at its pin; the Configuration table's variables are
read by the code, its numeric defaults are the settings', and every variable the settings
read is documented.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
DOCS = {"README.md": README, "docs/architecture.md": ARCHITECTURE}

# Places a path in backticks names that are made at run time, not kept in the repository.
RUNTIME_PREFIXES = ("var/", "./var", ".venv", "node_modules", "static/build")
SOURCE_FILE = re.compile(r"\.(py|md|html|sh|conf|toml|json|ya?ml|mjs|js|scss|csv|gz)$")


def section(title: str) -> str:
    """The text of the README's `## title` section, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def normalise(name: str) -> str:
    """A package name as PEP 503 compares them (Faker, factory_boy, django-storages[s3])."""
    return re.sub(r"[-_.]+", "-", name.split("[")[0]).lower()


def requirement_name(requirement: str) -> str:
    return re.split(r"[=<>!~ ;]", requirement, maxsplit=1)[0]


def code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text)


def repository_paths(text: str) -> set[str]:
    """Tokens in backticks that look like a path inside this repository."""
    paths = set()
    for span in code_spans(text):
        for token in span.split():
            token = token.strip("(),;:'\"")
            if "/" not in token or not re.fullmatch(r"[\w./-]+", token):
                continue
            if token.startswith(("/", "http", "$")) or token.startswith(RUNTIME_PREFIXES):
                continue
            # A path under a setting (PRIVATE_STORAGE_ROOT/documents) or an image name
            # (clamav/clamav) is not a repository path: one is, when it starts with a
            # top-level entry of the repository or names a source file.
            if not (ROOT / token.split("/")[0]).exists() and not SOURCE_FILE.search(token):
                continue
            paths.add(token)
    return paths


@pytest.mark.parametrize("name", DOCS)
def test_every_make_target_the_docs_name_is_in_the_makefile(name):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-zA-Z_-]+):", makefile, re.M))
    named = set()
    for span in code_spans(DOCS[name]) + re.findall(r"```sh\n(.*?)```", DOCS[name], re.S):
        named |= set(re.findall(r"(?:^|\s|`)make ([a-z][a-z-]*)", span))
    assert named, "the README names make targets"
    assert named <= targets, f"not in the Makefile: {sorted(named - targets)}"


@pytest.mark.parametrize("name", DOCS)
def test_every_management_command_the_docs_name_exists(name):
    named = set(re.findall(r"manage\.py ([a-z_]+)", DOCS[name]))
    missing = named - set(get_commands())
    assert not missing, f"no such management command: {sorted(missing)}"


@pytest.mark.parametrize("name", DOCS)
def test_every_option_the_docs_give_a_management_command_is_accepted(name):
    from django.core.management import load_command_class

    commands = get_commands()
    refused = []
    for match in re.finditer(r"manage\.py ([a-z_]+)([^`\n]*)", DOCS[name]):
        command, rest = match.groups()
        options = re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest)
        if command not in commands or not options:
            continue
        parser = load_command_class(commands[command], command).create_parser("manage.py", command)
        refused += [f"{command} {o}" for o in options if o not in parser._option_string_actions]
    assert not refused, f"options the commands do not take: {refused}"


def test_every_make_variable_the_readme_sets_is_read_by_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    variables = set(re.findall(r"\b([A-Z][A-Z_]+)=\S*\s+make\b", README))
    variables |= set(re.findall(r"\bmake [a-z-]+ ([A-Z][A-Z_]+)=", README))
    assert variables, "the README sets make variables"
    unread = sorted(v for v in variables if f"$({v})" not in makefile)
    assert not unread, f"the Makefile never reads: {unread}"


@pytest.mark.parametrize("name", DOCS)
def test_every_repository_path_in_backticks_exists(name):
    paths = repository_paths(DOCS[name])
    assert paths or name != "README.md"
    missing = sorted(path for path in paths if not (ROOT / path).exists())
    assert not missing, f"{name} names paths that do not exist: {missing}"


@pytest.mark.parametrize("name", DOCS)
def test_every_linked_file_exists(name):
    base = ROOT / Path(name).parent
    links = [
        link.split("#")[0]
        for link in re.findall(r"\]\(([^)\s]+)\)", DOCS[name])
        if not link.startswith(("http://", "https://", "mailto:", "#"))
    ]
    missing = [link for link in links if not (base / link).exists()]
    assert not missing, f"{name} links to files that do not exist: {missing}"


def test_every_pinned_python_dependency_is_named_in_dependencies_and_why():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = project["dependencies"] + [
        requirement for group in project["optional-dependencies"].values() for requirement in group
    ]
    table = section("Dependencies and why")
    named = {normalise(word) for word in re.findall(r"[A-Za-z][\w.\[\]-]*", table)}
    unnamed = sorted(
        requirement_name(r) for r in pinned if normalise(requirement_name(r)) not in named
    )
    assert not unnamed, f"pinned but not in 'Dependencies and why': {unnamed}"


def test_every_npm_dependency_is_named_in_dependencies_and_why_with_its_pin():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    table = section("Dependencies and why")
    for group in ("dependencies", "devDependencies"):
        for name, version in package.get(group, {}).items():
            assert f"`{name}`" in table, f"{name} is not in 'Dependencies and why'"
            # Where the README gives a version, it is the pinned one (or its major).
            stated = re.search(rf"`{re.escape(name)}` (\d[\d.]*)", table)
            if stated:
                assert version.startswith(stated.group(1)), (name, stated.group(1), version)


def test_every_configuration_variable_is_read_by_the_code():
    table = section("Configuration")
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    variables = {v for row in rows for v in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}
    assert len(variables) > 30
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for pattern in ("*/settings/*.py", "*.py", "*/*.py", "*/*/*.py")
        for path in ROOT.glob(pattern)
        if not path.is_relative_to(ROOT / "tests")
        and ".venv" not in path.parts
        and "node_modules" not in path.parts
    )
    unread = sorted(v for v in variables if not re.search(rf"['\"]{v}['\"]", sources))
    assert not unread, f"in the Configuration table but read nowhere: {unread}"


def test_the_configuration_defaults_the_readme_gives_are_the_settings():
    """Where a row's default is a number per variable, each is the setting's value (in
    the base profile: the test profile changes some for speed)."""
    from earlyhelp.settings import base as settings

    table = section("Configuration")
    compared = 0
    for row in (line for line in table.splitlines() if line.startswith("| `")):
        cells = [cell.strip() for cell in row.strip(" |").split(" | ")]
        variables = re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0])
        defaults = re.findall(r"`([^`]+)`", cells[-1])
        if len(defaults) != len(variables) or not re.fullmatch(r"(`[\d,]+`(, )?)+", cells[-1]):
            continue
        for variable, default in zip(variables, defaults, strict=True):
            if hasattr(settings, variable):
                compared += 1
                assert getattr(settings, variable) == int(default.replace(",", "")), variable
    assert compared >= 10
    assert ",".join(settings.ALLOWED_HOSTS) == "localhost,127.0.0.1"
    assert "| `ALLOWED_HOSTS` |" in table and "`localhost,127.0.0.1` |" in table


def test_the_demo_logins_the_readme_names_are_demo_people():
    from partners.demo import DEMO_PEOPLE, HEADLINE_LOGINS

    logins = {person.login for person in DEMO_PEOPLE} | {login for login, _ in HEADLINE_LOGINS}
    demo = section("Demo data")
    named = set(re.findall(r"`([a-z]+(?:\.[a-z0-9]+)+)`", demo)) - {"manage.py"}
    named = {n for n in named if "<zone>" not in n and not n.endswith(".py")}
    assert named, "the Demo data section names logins"
    assert named <= logins, f"not demo logins: {sorted(named - logins)}"


def test_the_image_has_the_system_libraries_the_readme_says_the_code_needs():
    """python-magic reads files through Debian's libmagic1; WeasyPrint draws with Pango."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "libmagic1" in README
    for package in ("libmagic1", "libpango-1.0-0"):
        assert re.search(rf"apt-get install[^&]*\b{re.escape(package)}\b", dockerfile), package


def test_every_import_contract_is_described_in_the_architecture_doc():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    importlinter = config["tool"]["importlinter"]
    contracts = {contract["id"] for contract in importlinter["contracts"]}
    described = set(re.findall(r"^- `([a-z-]+)`:", ARCHITECTURE, re.M))
    assert contracts == described
    # Every root package is a floor in the table, and an installable package.
    floors = set(re.findall(r"^\| `([a-z_]+)/`", ARCHITECTURE, re.M))
    floors |= set(re.findall(r"^\| `[a-z_]+/`, `([a-z_]+)/`", ARCHITECTURE, re.M))
    assert set(importlinter["root_packages"]) == floors
    installed = config["tool"]["setuptools"]["packages"]["find"]["include"]
    assert {f"{package}*" for package in importlinter["root_packages"]} <= set(installed)


PACKAGES = (
    "earlyhelp",
    "partners",
    "cases",
    "identity",
    "assessments",
    "family_plans",
    "reporting",
    "documents",
    "family_view",
    "governance",
    "composition",
)
FILE_SUFFIXES = {"py", "html", "conf", "dump", "json", "csv", "xlsx", "zip", "ics", "pdf", "txt"}


def dotted_names(text: str) -> set[str]:
    """`package.module.name` in backticks, naming something of this project's code."""
    names = set()
    for span in code_spans(text):
        for name in re.findall(r"(?<![\w/.=-])([a-z_]+(?:\.[A-Za-z_]\w*)+)", span):
            parts = name.split(".")
            if parts[0] in PACKAGES and parts[-1] not in FILE_SUFFIXES and parts[1] != "settings":
                names.add(name)
    return names


def resolves(name: str) -> bool:
    import importlib

    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


@pytest.mark.parametrize("name", DOCS)
def test_every_dotted_name_of_the_code_the_docs_give_resolves(name):
    names = dotted_names(DOCS[name])
    assert names, f"{name} names code by dotted path"
    unresolved = sorted(n for n in names if not resolves(n))
    assert not unresolved, f"{name} names code that does not exist: {unresolved}"


def resolved_name(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        return resolve(re.sub(r"\{[^}]*\}", "1", path)).url_name or ""
    except Resolver404:
        return None


def api_table_paths() -> list[str]:
    """The paths of the README's endpoint table, `.../{id}/` spelt out from the one before."""
    rows = [line for line in section("The REST API").splitlines() if line.startswith("| `")]
    paths: list[str] = []
    for row in rows:
        previous = ""
        for token in re.findall(r"(?:\.\.\.)?/[^`\s,;|]*", row.split("|")[1]):
            if token.startswith("..."):
                token = previous.rstrip("/") + token[3:]
            else:
                previous = token
            paths.append("/api/v1" + token)
    return paths


def test_every_api_endpoint_the_readme_lists_exists_and_every_one_is_listed():
    from django.urls import URLPattern, URLResolver, get_resolver

    listed = {path: resolved_name(path) for path in api_table_paths()}
    missing = sorted(path for path, name in listed.items() if name is None)
    assert not missing, f"the API table lists routes that do not exist: {missing}"

    def names(resolver: URLResolver, prefix: str = "") -> set[tuple[str, str]]:
        found = set()
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                found |= names(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.add((prefix + str(pattern.pattern), pattern.name))
        return found

    routes = {
        name
        for path, name in names(get_resolver())
        if path.startswith("api/v1/") and "format" not in path and name != "api-root"
    }
    unlisted = sorted(routes - set(listed.values()))
    assert not unlisted, f"API routes the README's table does not list: {unlisted}"


def test_every_page_address_the_readme_gives_exists():
    text = README.replace(section("The REST API"), "")
    addresses = set()
    for span in code_spans(text):
        for token in span.split():
            if re.fullmatch(r"/[a-z][\w/{}.-]*", token) and not token.startswith(
                ("/run/", "/tmp/", "/var/", "/static/", "/.well-known/")  # noqa: S108
            ):
                addresses.add(token)
    assert len(addresses) > 20
    missing = sorted(address for address in addresses if resolved_name(address) is None)
    assert not missing, f"the README gives addresses no URL answers: {missing}"


def test_every_beat_task_the_readme_names_is_scheduled_at_the_time_it_gives():
    from django.conf import settings

    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    named = re.findall(r"`([a-z_.]+\.tasks\.[a-z_]+)`([^`]{0,60})", README)
    assert named
    for task, after in named:
        assert task in schedule, f"{task} is not in the beat schedule"
        time = re.search(r"\b(\d\d):(\d\d)\b", after)
        if time and hasattr(schedule[task], "hour"):
            hour, minute = int(time.group(1)), int(time.group(2))
            assert schedule[task].hour == {hour} and schedule[task].minute == {minute}, task


def test_every_management_command_of_the_project_is_in_the_readme():
    project = {
        name
        for name, app in get_commands().items()
        if app.split(".")[0] in PACKAGES and not app.startswith("django")
    }
    assert "seed_demo" in project
    unnamed = sorted(name for name in project if f"manage.py {name}" not in README)
    assert not unnamed, f"commands the README never mentions: {unnamed}"


def test_every_environment_variable_the_settings_read_is_in_the_readme():
    settings_source = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "earlyhelp" / "settings").glob("*.py")
    )
    read = set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]+)\"", settings_source))
    read |= set(re.findall(r"get_mandatory_secret\(\"([A-Z][A-Z0-9_]+)\"\)", settings_source))
    assert len(read) > 40
    # The test profile's own switch is for the test suite, not for a deployment.
    undocumented = sorted(v for v in read - {"AXES_ENABLED"} if f"`{v}`" not in README)
    assert not undocumented, f"settings read from the environment the README omits: {undocumented}"


def test_the_pins_are_the_versions_the_lock_files_install():
    """README: pinned in pyproject.toml, the whole tree in requirements.lock; npm's in
    package-lock.json."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = project["dependencies"] + [
        requirement for group in project["optional-dependencies"].values() for requirement in group
    ]
    locked = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)", line)
        if match:
            locked[normalise(match.group(1))] = match.group(2)
    for requirement in pinned:
        name, _, version = requirement.partition("==")
        assert locked.get(normalise(name)) == version, (requirement, locked.get(normalise(name)))

    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for group in ("dependencies", "devDependencies"):
        for name, version in package[group].items():
            assert lock[f"node_modules/{name}"]["version"] == version, name
