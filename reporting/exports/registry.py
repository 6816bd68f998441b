"""Kinds of export: who may ask for each, its title, and how its file is produced."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cases.models import Case

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class ProducedFile:
    content: bytes
    file_name: str
    content_type: str
    pages: int = 0
    # What the requester should know about the file, e.g. how many blank cells a
    # return has; shown beside the download link and kept in the audit entry.
    summary: str = ""


@dataclass(frozen=True)
class ExportKind:
    key: str
    label: str
    allowed: Callable[[Any, Case | None, dict[str, Any]], bool]
    title: Callable[[Case | None, dict[str, Any]], str]
    produce: Callable[[Any, Case | None, dict[str, Any], Progress], ProducedFile]


_KINDS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    _KINDS[kind.key] = kind


def get(key: str) -> ExportKind:
    return _KINDS[key]


def known() -> list[str]:
    return sorted(_KINDS)
