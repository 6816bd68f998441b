"""The README's role table is the capability table the access policy reads."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from cases.access import Action, case_roles_of
from cases.capabilities import CAPABILITIES, CaseRole

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_role_table_is_what_manage_py_role_table_prints():
    printed = StringIO()
    call_command("role_table", stdout=printed)
    found = re.search(r"<!-- role-table -->\n(.*?)\n<!-- /role-table -->", README.read_text(), re.S)
    assert found is not None, "the README has no role table"
    assert found.group(1).strip() == printed.getvalue().strip()


def test_every_case_role_has_its_capabilities_named_and_reads_the_case():
    assert set(CAPABILITIES) == set(CaseRole)
    assert all(Action.VIEW in allowed for allowed in CAPABILITIES.values())
    assert callable(case_roles_of)
