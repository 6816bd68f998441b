"""The README's worked example of the API is a request that works: its curl command is
read from the README and sent through the test client with a real token."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from cases.models import Enquiry
from tests.api.conftest import system

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northborough")]

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_curl() -> list[str]:
    """The arguments of the curl command in the README's API section."""
    section = README.read_text().split("## The REST API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    command = next(b for b in blocks if b.startswith("curl "))
    return shlex.split(command.replace("\\\n", " "), comments=True)


def test_the_readme_curl_example_raises_an_enquiry():
    args = readme_curl()
    method = args[args.index("-X") + 1]
    url = next(a for a in args if a.startswith("http"))
    headers = dict(args[i + 1].split(": ", 1) for i, arg in enumerate(args) if arg == "-H")
    body = json.loads(args[args.index("-d") + 1])
    assert (method, headers["Content-Type"]) == ("POST", "application/json")
    assert headers["Authorization"] == "Bearer $TOKEN"

    school = system(name="Hillside Primary School")
    response = school.client().generic(
        method,
        "/" + url.split("/", 3)[3],
        json.dumps(body),
        content_type=headers["Content-Type"],
    )
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert answer["state"] == "enquiry_received"
    assert answer["outcome"] == "Waiting for screening"
    assert answer["case_reference"].startswith("EH")
    enquiry = Enquiry.objects.get(pk=answer["id"])
    assert enquiry.concerns.startswith("Ada's attendance")  # the quote survived the shell
    assert [c.given_names for c in enquiry.children.all()] == ["Ada"]
