"""Demo families for `manage.py seed_demo`: households at every stage of the journey.

Every family is built through cases.services, as the people of the demo partnership
(partners/demo.py) would build it, with decisions dated over the last two years so
every page and every scorecard measure has real numbers. Each family's data comes
from its own seeded random generator, so the same index always builds the same
family, and the builder only adds the families that are missing: running it twice
creates nothing new. All names are synthetic (Faker en_GB).

The builder is split by part: texts, cast (who builds and the clock), meetings
(allocation), journey (steps after allocation, closure) and records (codes,
re-referrals, notes).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from cases import services
from cases.demo.cast import Cast, Clock, _cast, _faker, _household
from cases.demo.journey import _progress
from cases.demo.records import _rereferral
from cases.demo.texts import CONCERNS, DAY, SEED
from cases.models import Case, Family
from earlyhelp.demo_quiet import sends_no_email
from partners.demo import EMAIL_DOMAIN


def _build_family(index: int, cast: Cast, today: dt.date) -> None:
    rng = random.Random(SEED + index)
    fake = _faker()
    fake.seed_instance(SEED + index)
    surname = fake.last_name()
    hub = rng.choice(cast.hubs)
    hub_index = cast.hubs.index(hub)
    raiser, raising_agency = rng.choice(cast.raisers)
    stepping_down = rng.random() < 0.06  # a family stepped down from children's social care
    if stepping_down:
        raiser, raising_agency = rng.choice(cast.social_workers), cast.social_care
    clock = Clock(rng)
    roll = rng.random()
    age = (
        rng.randint(0, 12)
        if roll < 0.1
        else rng.randint(12, 40)
        if roll < 0.22
        else int(rng.triangular(30, 730, 150))
    )
    received = today - dt.timedelta(days=age)
    while received.weekday() >= 5:
        received -= DAY
    family = services.family_create(
        actor=raiser,
        name=f"The {surname} family",
        address_line_1=fake.street_address(),
        town="Northborough",
        postcode=f"NB{hub_index + 1} {rng.randint(1, 9)}{fake.random_uppercase_letter()}"
        f"{fake.random_uppercase_letter()}",
        language=rng.choice(["English"] * 8 + ["Polish", "Urdu", "Romanian", "Arabic"]),
        interpreter_needed=rng.random() < 0.06,
    )
    people = [
        services.person_add_to_family(actor=raiser, family=family, details=d)
        for d in _household(rng, fake, surname, today)
    ]
    adults = [p for p in people if (p.age_on(today) or 0) >= 18]
    children = [p for p in people if p not in adults]
    subjects = children[: max(1, len(children) // 2)]
    category, text = rng.choice(CONCERNS)
    case = services.enquiry_create(
        actor=raiser,
        family=family,
        children=subjects,
        agency=raising_agency,
        concerns=text.format(child=subjects[0].known_as, pct=rng.randint(62, 88)),
        concern_categories=[category] + ([rng.choice(CONCERNS)[0]] if rng.random() < 0.5 else []),
        tried_before="School pastoral support and a referral to the school nurse."
        if rng.random() < 0.6
        else "",
        family_consent=rng.choice(["given"] * 9 + ["knows_not_agreed"]),
        urgency="urgent" if rng.random() < 0.15 else "routine",
        received_at=clock.at(received),
    )
    closed_on = _progress(case, rng, clock, cast, today, received, adults, children, stepping_down)
    if closed_on is not None and rng.random() < 0.12:
        _rereferral(case, rng, cast, today, closed_on, raiser, raising_agency, subjects)


def demo_family_count() -> int:
    """How many demo families there are: those created by the demo borough's staff."""
    return Family.objects.filter(created_by__email__endswith=EMAIL_DOMAIN).count()


@sends_no_email
def build(*, families: int = 2000, stdout: Any = None, **_: object) -> dict[str, int]:
    """Build demo families up to `families` in number (idempotent)."""
    cast = _cast()
    today = timezone.localdate()
    existing = demo_family_count()
    with connection.cursor() as cursor:  # demo data: no need to wait for each fsync
        cursor.execute("SET synchronous_commit TO OFF")
    for index in range(existing, families):
        with transaction.atomic():  # a family is built whole or not at all
            _build_family(index, cast, today)
        if stdout is not None and index and index % 250 == 0:
            stdout.write(f"  {index} families...")
    return {
        "families": Family.objects.count(),
        "cases": Case.objects.count(),
        "open cases": Case.objects.open().count(),
    }
