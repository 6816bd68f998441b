"""Two versions of an assessment compared field by field."""

from __future__ import annotations

from dataclasses import dataclass

from assessments import sections as s
from assessments.models import Assessment
from assessments.selectors.assessment import section_context, section_rows


@dataclass(frozen=True)
class FieldComparison:
    label: str
    group: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class SectionComparison:
    key: str
    title: str
    group: str
    fields: list[FieldComparison]
    only_in: str = ""  # "before" / "after" when the section exists in one version only

    @property
    def changed(self) -> bool:
        return bool(self.only_in) or any(f.changed for f in self.fields)


def compare_versions(*, before: Assessment, after: Assessment) -> list[SectionComparison]:
    """Section by section, field by field: what changed from one version to another."""
    rows_before = section_rows(assessment=before)
    rows_after = section_rows(assessment=after)
    ctx_before = section_context(assessment=before, rows=rows_before)
    ctx_after = section_context(assessment=after, rows=rows_after)
    defs_before = {d.key: d for d in s.section_definitions(ctx_before)}
    defs_after = {d.key: d for d in s.section_definitions(ctx_after)}
    keys = list(defs_after) + [k for k in defs_before if k not in defs_after]
    out: list[SectionComparison] = []
    for key in keys:
        d_after, d_before = defs_after.get(key), defs_before.get(key)
        definition = d_after or d_before
        if definition is None:
            continue
        values_before = rows_before[key].data if key in rows_before else {}
        values_after = rows_after[key].data if key in rows_after else {}
        names: list[str] = []
        for d in (d_after, d_before):
            for each in d.fields if d else ():
                if each.name not in names:
                    names.append(each.name)
        fields = []
        for name in names:
            f = (d_after.field(name) if d_after else None) or (
                d_before.field(name) if d_before else None
            )
            if f is None:
                continue
            fields.append(
                FieldComparison(
                    label=f.label,
                    group=f.group,
                    before=s.display(f, values_before.get(name), ctx_before),
                    after=s.display(f, values_after.get(name), ctx_after),
                )
            )
        only_in = ""
        if key not in rows_before and key in rows_after:
            only_in = "after"
        elif key in rows_before and key not in rows_after:
            only_in = "before"
        out.append(
            SectionComparison(
                key=key,
                title=definition.title,
                group=definition.group,
                fields=[f for f in fields if f.before or f.after],
                only_in=only_in,
            )
        )
    return out
