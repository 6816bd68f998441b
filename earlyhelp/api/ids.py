"""Ids in requests: whole numbers in the range of the database's ids.

DRF's IntegerField and django-filter's NumberFilter take numbers of any size (the
filter takes decimals too), which the database would refuse with an error; an id out of
range is a 400 here instead, and the schema says what range is accepted.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MAX_ID = 2**31 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A query parameter naming an object by its id."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """A field of a request body naming an object by its id."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def id_list_field(**kwargs: Any) -> serializers.ListField:
    """A list of ids in a request body (none by default)."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("default", list)
    return serializers.ListField(child=id_field(), max_length=100, **kwargs)
