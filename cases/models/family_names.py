"""Every name a family may be found by, kept in one row per family for family search."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models

from cases.models.families import Family, trigrams


class FamilyNames(models.Model):
    """The family's name and its current members' names, in one text, for search by name.

    Searching the family, its people and their households separately read about 3,500
    rows for a common surname among 100,000 families (about 19 ms); one trigram index
    over one narrow row per family reads about 1,000 (about 3 ms).

    The database keeps the rows, not the services: triggers on families, household
    members and people (cases migration 0022) rewrite a family's row whenever its name,
    its current members or one of their names change, however the change is made
    (services, imports, merges, erasure, the bench's bulk statements), so the index
    cannot fall behind the records it is built from. Nothing in the application writes
    to it; `tests/cases/test_family_names.py` checks it against the records.
    """

    family = models.OneToOneField(
        Family,
        primary_key=True,
        # The row goes with its family by trigger, after the family's members.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    names = models.TextField(
        help_text="The family's name, then each current member's given, preferred and family names."
    )

    class Meta:
        verbose_name_plural = "family names"
        indexes = [GinIndex(trigrams("names"), name="family_names_trgm")]

    def __str__(self) -> str:
        return self.names
