"""The OpenAPI document partner developers work from: every operation shows a worked
example of what it takes and gives, and documents the refusals it may answer with."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

COMMON_ERRORS = {"400", "401", "403", "404", "429"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return json.loads(
        json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str)
    )


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_every_operation_has_an_example_of_its_answer_and_of_its_request(schema):
    missing = []
    for path, method, operation in operations(schema):
        success = [r for code, r in operation["responses"].items() if code.startswith("2")]
        if any(  # a file's download: its answer is the file's bytes, not JSON
            content.get("schema", {}).get("format") == "binary"
            for r in success
            for content in r.get("content", {}).values()
        ):
            continue
        if not any(
            r.get("content", {}).get("application/json", {}).get("examples") for r in success
        ):
            missing.append(f"{method.upper()} {path}: answer")
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is not None and not body.get("examples"):
            missing.append(f"{method.upper()} {path}: request")
    assert missing == []


def test_every_operation_documents_its_refusals_with_their_shape(schema):
    undocumented = []
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        wanted = set(COMMON_ERRORS)
        if any(p["name"] == "If-Match" for p in operation.get("parameters", [])):
            wanted |= {"412", "428"}
        if wanted - codes:
            undocumented.append(f"{method.upper()} {path}: {sorted(wanted - codes)}")
        for code in wanted & codes:
            content = operation["responses"][code]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/ApiErrorOut"}
            assert content["examples"], f"{method.upper()} {path} {code}"
    assert undocumented == []


def test_every_write_that_replaces_a_versioned_object_asks_for_if_match(schema):
    for path, method, operation in operations(schema):
        if method in {"put", "patch"} or path.endswith("/transitions/"):
            names = {p["name"] for p in operation.get("parameters", [])}
            assert "If-Match" in names, f"{method.upper()} {path}"


def test_list_filters_are_in_the_schema(schema):
    def query(path: str) -> set[str]:
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"] if p["in"] == "query"}

    assert query("/api/v1/cases/") >= {
        "state",
        "opened_on_after",
        "opened_on_before",
        "zone",
        "lead_agency",
        "ordering",
        "cursor",
    }
    assert query("/api/v1/families/") >= {"name", "postcode", "ordering", "cursor"}
    assert "cursor" in query("/api/v1/cases/{case_id}/notes/")
    assert "cursor" in query("/api/v1/cases/{case_id}/consents/")


@pytest.mark.django_db
def test_the_schema_and_docs_are_served_offline():
    schema = Client().get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/enquiries/" in schema.content
    docs = Client().get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn." not in docs.content  # assets come from drf-spectacular-sidecar


def test_the_published_schema_is_valid_openapi_so_partners_can_generate_clients(schema):
    """Client generators refuse an invalid document: every error the validator finds is
    listed, with where it is, so a new field that breaks the contract fails the build."""
    from openapi_spec_validator import OpenAPIV30SpecValidator

    assert schema["openapi"].startswith("3.0")
    errors = [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in OpenAPIV30SpecValidator(schema).iter_errors()
    ]
    assert errors == []


def test_every_default_in_the_schema_is_a_value_its_own_field_accepts(schema):
    """The validator names a default that breaks its own rule without saying where it is,
    so this walks the document and names the property (e.g. a blank default under
    minLength 1)."""
    from jsonschema import Draft4Validator, FormatChecker

    wrong: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if "default" in node and "$ref" not in node:
                scalar = {"type", "minLength", "maxLength", "format", "enum", "pattern"}
                rules = {k: v for k, v in node.items() if k in scalar | {"minimum", "maximum"}}
                if rules.get("nullable") and node["default"] is None:
                    rules = {}
                checker = Draft4Validator(rules, format_checker=FormatChecker())
                if not checker.is_valid(node["default"]):
                    wrong.append(f"{where}: default {node['default']!r}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(schema["components"], "components")
    assert wrong == []
