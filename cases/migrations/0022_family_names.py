"""One row of names per family for family search, kept by the database.

`cases_family_names_refresh(ids)` writes the rows of the given families from their
records. Statement-level triggers call it with the families a statement touched: a
family added or renamed; a household member joining, leaving, moving or removed; a
person renamed (for the households they are a current member of). A family deleted
takes its row with it. The last step fills the rows of every family already there.
"""

import django.contrib.postgres.indexes
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models

# Two steps, each with its own snapshot (a volatile SQL function's statements each take
# one): first wait for any other transaction writing these families' rows, then write
# them from the records as they are once it has committed. In one statement, two
# members joining a family at once would each write the names their own snapshot saw,
# and the later write would leave out the other's member.
REFRESH = """
CREATE FUNCTION cases_family_names_refresh(family_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    SELECT family_id FROM cases_familynames
    WHERE family_id = ANY(family_ids) ORDER BY family_id FOR UPDATE;
    INSERT INTO cases_familynames (family_id, names)
    SELECT f.id,
           concat_ws(' ', f.name, string_agg(
               concat_ws(' ', p.given_names, p.preferred_name, p.family_name), ' '
               ORDER BY m.id) FILTER (WHERE p.id IS NOT NULL))
    FROM cases_family f
    LEFT JOIN cases_householdmember m ON m.family_id = f.id AND m.left_on IS NULL
    LEFT JOIN cases_person p ON p.id = m.person_id
    WHERE f.id = ANY(family_ids)
    GROUP BY f.id
    ON CONFLICT (family_id) DO UPDATE SET names = EXCLUDED.names
    WHERE cases_familynames.names IS DISTINCT FROM EXCLUDED.names;
$$;
"""

TRANSITION_TABLES = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def triggers(table: str, function: str, events: tuple[str, ...]) -> str:
    """One statement-level trigger per event (a trigger with transition tables may
    have only one), each calling `function` with the rows the statement changed."""
    return "".join(
        f"CREATE TRIGGER family_names_{table.removeprefix('cases_')}_{event.lower()} "
        f"AFTER {event} ON {table} REFERENCING {TRANSITION_TABLES[event]} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();\n"
        for event in events
    )


def drop_triggers(table: str, events: tuple[str, ...]) -> str:
    return "".join(
        f"DROP TRIGGER family_names_{table.removeprefix('cases_')}_{event.lower()} ON {table};\n"
        for event in events
    )


ALL_EVENTS = ("INSERT", "UPDATE", "DELETE")

ON_FAMILY = """
CREATE FUNCTION cases_family_names_on_family() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM cases_familynames WHERE family_id IN (SELECT id FROM old_rows);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM cases_family_names_refresh(ARRAY(SELECT id FROM new_rows));
    ELSE
        PERFORM cases_family_names_refresh(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.name IS DISTINCT FROM o.name));
    END IF;
    RETURN NULL;
END $$;
"""

ON_MEMBER = """
CREATE FUNCTION cases_family_names_on_member() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM cases_family_names_refresh(ARRAY(SELECT family_id FROM old_rows));
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM cases_family_names_refresh(ARRAY(SELECT family_id FROM new_rows));
    ELSE
        PERFORM cases_family_names_refresh(ARRAY(
            SELECT unnest(ARRAY[o.family_id, n.family_id])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.family_id, n.person_id, n.left_on)
                  IS DISTINCT FROM (o.family_id, o.person_id, o.left_on)));
    END IF;
    RETURN NULL;
END $$;
"""

ON_PERSON = """
CREATE FUNCTION cases_family_names_on_person() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM cases_family_names_refresh(ARRAY(
        SELECT m.family_id FROM cases_householdmember m
        JOIN new_rows n ON n.id = m.person_id JOIN old_rows o ON o.id = n.id
        WHERE m.left_on IS NULL
          AND (n.given_names, n.preferred_name, n.family_name)
              IS DISTINCT FROM (o.given_names, o.preferred_name, o.family_name)));
    RETURN NULL;
END $$;
"""

CREATE = "".join(
    [
        REFRESH,
        ON_FAMILY,
        triggers("cases_family", "cases_family_names_on_family", ALL_EVENTS),
        ON_MEMBER,
        triggers("cases_householdmember", "cases_family_names_on_member", ALL_EVENTS),
        ON_PERSON,
        triggers("cases_person", "cases_family_names_on_person", ("UPDATE",)),
    ]
)

DROP = (
    drop_triggers("cases_person", ("UPDATE",))
    + drop_triggers("cases_householdmember", ALL_EVENTS)
    + drop_triggers("cases_family", ALL_EVENTS)
    + """
DROP FUNCTION cases_family_names_on_person();
DROP FUNCTION cases_family_names_on_member();
DROP FUNCTION cases_family_names_on_family();
DROP FUNCTION cases_family_names_refresh(bigint[]);
"""
)

FILL = "SELECT cases_family_names_refresh(ARRAY(SELECT id FROM cases_family))"


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0021_enquiry_received_by_case"),
    ]

    operations = [
        migrations.CreateModel(
            name="FamilyNames",
            fields=[
                (
                    "family",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="cases.family",
                    ),
                ),
                (
                    "names",
                    models.TextField(
                        help_text="The family's name, then each current member's given, preferred and family names."
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "family names",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("names"), name="gin_trgm_ops"
                        ),
                        name="family_names_trgm",
                    )
                ],
            },
        ),
        migrations.RunSQL(CREATE, DROP),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
