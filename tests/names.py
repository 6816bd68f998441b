"""Synthetic names for the factories, free of characters that HTML escapes.

Pages escape what HTML would read as markup, so "O'Brien" is written "O&#x27;Brien".
About one name in 140 that Faker draws for en_GB has an apostrophe, and every test
that looks for a factory-made name in a page's HTML would fail for it at random.
The factories therefore draw again until the name is plain; the tests about such
names (tests/cases/test_names_with_apostrophes.py) give them on purpose.
"""

from __future__ import annotations

from collections.abc import Callable

import factory
from faker.providers import BaseProvider

MARKUP = frozenset("&<>\"'")


def _plain(draw: Callable[[], str]) -> str:
    while True:
        name = draw()
        if not MARKUP.intersection(name):
            return name


class PlainNames(BaseProvider):
    """`plain_name`, `plain_first_name` and `plain_last_name`, for `factory.Faker`."""

    def plain_name(self) -> str:
        return _plain(self.generator.name)

    def plain_first_name(self) -> str:
        return _plain(self.generator.first_name)

    def plain_last_name(self) -> str:
        return _plain(self.generator.last_name)


factory.Faker.add_provider(PlainNames, locale="en_GB")
