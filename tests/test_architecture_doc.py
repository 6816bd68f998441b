"""docs/architecture.md draws the layers that import-linter enforces.

The diagram between the `layers:begin` and `layers:end` markers is generated from the
layers contract in pyproject.toml. After changing the contract, print the new diagram
with `.venv/bin/python -m tests.test_architecture_doc` and paste it into the document.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
WIDTH = 60


def contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return found


def layers() -> list[str]:
    (contract,) = [c for c in contracts() if c["type"] == "layers"]
    found = contract["layers"]
    assert isinstance(found, list)
    return [str(layer) for layer in found]


def diagram(layer_list: list[str]) -> str:
    """One box per layer, highest first; siblings in one box, `|` between independent
    ones (neither imports the other) and `:` between ones that may import each other."""
    rule = "+" + "-" * (WIDTH - 2) + "+"
    lines = [rule]
    for layer in layer_list:
        for delimiter in ("|", ":"):
            if delimiter in layer:
                names = [name.strip() for name in layer.split(delimiter)]
                text = f" {delimiter} ".join(names)
                break
        else:
            text = layer.strip()
        lines.append("| " + text.ljust(WIDTH - 4) + " |")
        lines.append(rule)
    return "\n".join(lines)


def drawn() -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- layers:begin -->\n```\n(.*?)\n```\n<!-- layers:end -->", text, re.S)
    assert match, "docs/architecture.md has no layers diagram between its markers"
    return match.group(1)


def test_the_diagram_in_the_architecture_document_is_the_layers_contract():
    assert drawn() == diagram(layers()), (
        "docs/architecture.md's diagram differs from the layers contract in pyproject.toml; "
        "print the right one with `python -m tests.test_architecture_doc`"
    )


def test_the_layers_run_from_the_composition_down_to_the_kernel():
    top, *_, bottom = layers()
    assert (top, bottom) == ("composition", "earlyhelp")


def test_the_document_states_every_contract_by_name():
    text = DOC.read_text(encoding="utf-8")
    for contract in contracts():
        name = contract["id"]
        assert f"`{name}`" in text, f"docs/architecture.md does not explain {name}"


def test_the_readme_links_to_the_architecture_document():
    assert "docs/architecture.md" in (ROOT / "README.md").read_text(encoding="utf-8")


if __name__ == "__main__":
    print(diagram(layers()))
