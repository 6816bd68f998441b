"""The set-based statements that write the bench data (composition/bench_data.py).

Each statement takes the named parameters of `bench_data.build` (%(families)s ...).
Rows are numbered from the largest id already present (the demo's), so related rows are
written by arithmetic on ids instead of joins on what was just inserted. `mod()` rather
than the % operator, which the parameter syntax would take for a placeholder.
"""

from __future__ import annotations

from cases.models.audit import CONTENT_HASH_SQL, HASHED_FIELDS_SQL

SURNAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson "
    "Evans Walker White Roberts Green Hall Thomas Clarke Jackson Wood Harris Edwards Turner "
    "Martin Cooper Hill Ward Hughes Moore Clark King Harrison Lewis Baker Lee Allen Morris "
    "Khan Scott Watson Davis Parker James Bennett Young Phillips Richardson Mitchell Bailey "
    "Carter Cook Singh Shaw Bell Collins Morgan Kelly Begum Miller Cox Hussain Marshall "
    "Simpson Price Anderson Adams Wilkinson Ali Ahmed Foster Ellis Murphy Chapman Mason Gray "
    "Richards Webb Griffiths Hunt Palmer Campbell Holmes Mills Rogers Barnes Knight Matthews "
    "Barker Powell Stevens Kaur Fisher Butler Dixon Russell Harvey Okafor Nowak Kowalski"
)
GIVEN = (
    "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Ella Evie Aisha "
    "Noah Oliver George Arthur Muhammad Leo Harry Oscar Archie Henry Theo Jack Charlie Ali "
    "Jacob Alfie Freddie Thomas Ethan Isaac Joshua Zara Maryam Fatima Emily Chloe Ruby Daisy"
)

STAFF = [
    """CREATE TEMP TABLE bench_base AS SELECT
        (SELECT coalesce(max(id), 0) FROM cases_family) AS family,
        (SELECT coalesce(max(id), 0) FROM cases_person) AS person,
        (SELECT coalesce(max(id), 0) FROM cases_case) AS kase,
        (SELECT min(id) FROM partners_agency WHERE runs_service) AS service,
        (SELECT min(id) FROM partners_user) AS someone,
        (SELECT min(id) FROM assessments_startype) AS star_type""",
    """CREATE TEMP TABLE bench_surnames AS
        SELECT n - 1 AS n, name AS surname
        FROM unnest(string_to_array(%(surnames)s, ' ')) WITH ORDINALITY AS t(name, n)""",
    """CREATE TEMP TABLE bench_given AS
        SELECT n - 1 AS n, name FROM unnest(string_to_array(%(given)s, ' '))
        WITH ORDINALITY AS t(name, n)""",
    """INSERT INTO partners_agency (name, kind, email, is_active, runs_service)
        SELECT 'Bench partner agency ' || g,
               (ARRAY['school', 'gp', 'health_visiting', 'voluntary', 'early_years',
                      'housing'])[1 + mod(g, 6)],
               'agency' || g || '@' || %(domain)s, true, false
        FROM generate_series(1, greatest(0, 40 - (SELECT count(*) FROM partners_agency))) g""",
    """INSERT INTO partners_user (password, is_superuser, email, full_name, job_title,
                                  is_active, is_staff, date_joined)
        SELECT (SELECT password FROM partners_user ORDER BY id LIMIT 1), false,
               CASE WHEN g = 1 THEN %(practitioner)s
                    ELSE 'practitioner' || g || '@' || %(domain)s END,
               'Bench Practitioner ' || g, 'Family support worker', true, false, now()
        FROM generate_series(1, greatest(0, %(users)s - (SELECT count(*) FROM partners_user))) g""",
    """INSERT INTO partners_membership (role, started_on, agency_id, user_id)
        SELECT 'practitioner', current_date - 2000,
               CASE WHEN u.email = %(practitioner)s OR mod(u.id, 2) = 0 THEN b.service
                    ELSE a.id END,
               u.id
        FROM partners_user u CROSS JOIN bench_base b
        CROSS JOIN LATERAL (SELECT id FROM partners_agency ORDER BY id
                            OFFSET mod(u.id, 40) LIMIT 1) a
        WHERE u.email LIKE '%%@' || %(domain)s
          AND NOT EXISTS (SELECT 1 FROM partners_membership m WHERE m.user_id = u.id)""",
    """CREATE TEMP TABLE bench_workers AS
        SELECT m.agency_id, m.user_id,
               row_number() OVER (PARTITION BY m.agency_id ORDER BY m.user_id) - 1 AS n
        FROM partners_membership m JOIN partners_user u ON u.id = m.user_id
        WHERE m.role = 'practitioner' AND m.ended_on IS NULL AND u.email <> %(practitioner)s""",
    "CREATE INDEX ON bench_workers (agency_id, n)",
    "ANALYZE bench_workers",
    """CREATE TEMP TABLE bench_agencies AS
        SELECT agency_id, count(*) AS workers,
               row_number() OVER (ORDER BY agency_id) - 1 AS n
        FROM bench_workers GROUP BY agency_id""",
    """CREATE TEMP TABLE bench_zones AS
        SELECT row_number() OVER (ORDER BY z.id) - 1 AS n, z.id AS zone_id,
               (SELECT min(h.id) FROM partners_familyhub h WHERE h.zone_id = z.id) AS hub_id
        FROM partners_zone z""",
    "CREATE UNIQUE INDEX ON bench_agencies (n)",
    "ANALYZE bench_agencies",
    "ANALYZE bench_zones",
    "ANALYZE bench_surnames",
    "ANALYZE bench_given",
    "ANALYZE bench_base",
]

FAMILIES = [
    # Two in five families live in the first zone; the rest spread over every zone.
    """INSERT INTO cases_family (id, name, address_line_1, address_line_2, town, postcode, uprn,
                                 language, interpreter_needed, created_at, zone_id, family_hub_id)
        SELECT b.family + g, 'The ' || s.surname || ' family', g || ' Bench Street', '',
               'Northborough', 'NB' || (1 + mod(g, 9)) || ' ' || mod(g, 9) || 'AB', '',
               'English', false, now() - (mod(g * 37, 1825) || ' days')::interval,
               z.zone_id, z.hub_id
        FROM generate_series(1, %(families)s) g CROSS JOIN bench_base b
        JOIN bench_surnames s ON s.n = mod(g * 7919, (SELECT count(*) FROM bench_surnames))
        JOIN bench_zones z ON z.n = CASE WHEN mod(g, 5) < 2 THEN 0
                                         ELSE mod(g / 5, (SELECT count(*) FROM bench_zones)) END""",
    # A parent and one or two children: 2.5 people a family.
    """INSERT INTO cases_person (id, family_name, given_names, preferred_name, date_of_birth,
                                 date_of_birth_accuracy, sex, gender, ethnicity, disability,
                                 has_disability, send, school_name, created_at, version)
        SELECT b.person + 3 * (g - 1) + k, s.surname, gn.name, '',
               CASE WHEN k = 1 THEN date '1980-01-01' + mod(g, 5000)
                    ELSE date '2009-01-01' + mod(g * k, 5800) END,
               'exact', CASE WHEN mod(g + k, 2) = 0 THEN 'F' ELSE 'M' END, 'not_stated',
               'NOBT', '', false, false, '', now(), 1
        FROM generate_series(1, %(families)s) g CROSS JOIN bench_base b
        CROSS JOIN generate_series(1, 3) k
        JOIN bench_surnames s ON s.n = mod(g * 7919, (SELECT count(*) FROM bench_surnames))
        JOIN bench_given gn ON gn.n = mod(g * 31 + k, (SELECT count(*) FROM bench_given))
        WHERE k < 3 OR mod(g, 2) = 0""",
    """INSERT INTO cases_householdmember (relationship, is_main_carer, joined_on, family_id,
                                          person_id)
        SELECT CASE WHEN k = 1 THEN 'parent' ELSE 'child' END, k = 1, date '2020-01-01',
               b.family + g, b.person + 3 * (g - 1) + k
        FROM generate_series(1, %(families)s) g CROSS JOIN bench_base b
        CROSS JOIN generate_series(1, 3) k
        WHERE k < 3 OR mod(g, 2) = 0""",
    # Valid NHS numbers (modulus 11 check digit) for everyone.
    """INSERT INTO cases_personidentifier (type, value, valid_from, person_id)
        SELECT 'nhs_number', nine || chk, date '2020-01-01', pid FROM (
            SELECT pid, nine, mod(11 - mod(total, 11), 11) AS chk FROM (
                SELECT p.id AS pid, (600000000 + p.id)::text AS nine,
                       (SELECT sum(substr((600000000 + p.id)::text, i, 1)::int * (11 - i))
                        FROM generate_series(1, 9) i) AS total
                FROM cases_person p CROSS JOIN bench_base b WHERE p.id > b.person
            ) x
        ) y WHERE chk <> 10""",
    # The names family search reads (cases migration 0022): its triggers are skipped with
    # the others here, so the rows are written once for all the families at the end.
    "SELECT cases_family_names_refresh(ARRAY(SELECT id FROM cases_family))",
]

# Every family has a recent case; every other family an older, closed one too. Cases
# opened more than 400 days ago are closed; newer ones are in every state.
CASES = [
    """CREATE TEMP TABLE bench_cases AS
        SELECT b.kase + 2 * (g - 1) + j AS id, b.family + g AS family_id, g, j,
               current_date - CASE WHEN j = 1 THEN mod(g * 37, 1825)
                                   ELSE 400 + mod(g * 53, 1400) END AS opened_on,
               CASE WHEN j = 2 OR mod(g * 37, 1825) > 400 THEN 'closed'
                    ELSE (ARRAY['enquiry_received', 'screening', 'awaiting_allocation',
                                'allocated', 'assessment', 'plan_and_review',
                                'plan_and_review', 'plan_and_review', 'closing',
                                'closed'])[1 + mod(g, 10)] END AS state,
               mod(g, 3) <> 0 AS was_allocated
        FROM generate_series(1, %(families)s) g CROSS JOIN bench_base b
        CROSS JOIN generate_series(1, 2) j
        WHERE j = 1 OR mod(g, 2) = 0""",
    "ANALYZE bench_cases",
    """INSERT INTO cases_case (id, reference, state, state_changed_at, opened_on, closed_on,
                               screening_outcome, screening_reason, closure_reason, version,
                               created_at, family_hub_id, lead_agency_id, lead_practitioner_id,
                               zone_id, family_id, case_type_id, allocation_level_id,
                               cin_closure_reason, cin_primary_need)
        SELECT c.id, 'BN' || lpad(c.id::text, 7, '0'), c.state,
               (CASE WHEN c.state = 'closed' THEN c.opened_on + 120 ELSE c.opened_on + 10 END)
                   + time '12:00',
               c.opened_on, CASE WHEN c.state = 'closed' THEN c.opened_on + 120 END,
               CASE WHEN led THEN 'early_help_assessment'
                    WHEN c.state = 'closed' THEN 'signpost' ELSE '' END,
               '',
               CASE WHEN c.state <> 'closed' THEN '' WHEN led THEN 'needs_met'
                    ELSE 'signpost' END,
               1, c.opened_on + time '09:00', f.family_hub_id,
               CASE WHEN led THEN a.agency_id END, CASE WHEN led THEN w.user_id END,
               f.zone_id, c.family_id, 1, CASE WHEN led THEN 2 END, '', ''
        FROM (SELECT bench_cases.*, (state IN ('allocated', 'assessment', 'plan_and_review',
                                               'closing')
                                     OR (state = 'closed' AND was_allocated)) AS led
              FROM bench_cases) c
        JOIN cases_family f ON f.id = c.family_id
        CROSS JOIN bench_base b
        JOIN bench_agencies a ON a.n = CASE
            WHEN mod(c.g, 2) = 0 THEN (SELECT n FROM bench_agencies WHERE agency_id = b.service)
            ELSE mod(c.g / 2, (SELECT count(*) FROM bench_agencies)) END
        JOIN bench_workers w ON w.agency_id = a.agency_id AND w.n = mod(c.g * 13, a.workers)""",
    # The bench practitioner leads exactly 40 cases of the service, open ones first.
    """UPDATE cases_case SET lead_practitioner_id = (SELECT id FROM partners_user
                                                     WHERE email = %(practitioner)s)
        WHERE id IN (SELECT c.id FROM cases_case c CROSS JOIN bench_base b
                     WHERE c.id > b.kase AND c.lead_agency_id = b.service
                     ORDER BY c.state = 'closed', c.id LIMIT 40)""",
    """INSERT INTO cases_casetransition (name, from_state, to_state, at, reason, actor_id,
                                         case_id)
        SELECT t.name, t.from_state, t.to_state, c.opened_on + t.after + time '10:00', '',
               b.someone, c.id
        FROM cases_case c CROSS JOIN bench_base b
        CROSS JOIN (VALUES ('screen', 'enquiry_received', 'awaiting_allocation', 3),
                           ('allocate', 'awaiting_allocation', 'allocated', 10),
                           ('close', 'plan_and_review', 'closed', 120)) AS t(name, from_state,
                                                                           to_state, after)
        WHERE c.id > b.kase AND (
            (t.name = 'screen' AND c.state NOT IN ('enquiry_received', 'screening'))
            OR (t.name = 'allocate' AND c.lead_agency_id IS NOT NULL)
            OR (t.name = 'close' AND c.state = 'closed'))""",
    """INSERT INTO cases_enquiry (received_at, on_behalf_of, contact_source, concern_categories,
                                  concerns, tried_before, family_consent, urgency, case_id,
                                  raised_by_id)
        SELECT c.opened_on + time '09:00', '', '6', '{school_attendance}',
               'Attendance has fallen this term and the family asked for help.', '',
               'given', 'routine', c.id, b.someone
        FROM cases_case c CROSS JOIN bench_base b WHERE c.id > b.kase""",
    """INSERT INTO cases_chronologyentry (at, kind, title, description, url, case_id)
        SELECT c.opened_on + time '09:00', 'enquiry', 'Enquiry received', '', '', c.id
        FROM cases_case c CROSS JOIN bench_base b WHERE c.id > b.kase""",
    # Numbered, and joined on the number: a large array read per row is copied per row.
    """CREATE TEMP TABLE bench_open AS SELECT row_number() OVER (ORDER BY c.id) - 1 AS n, c.id
        FROM cases_case c CROSS JOIN bench_base b
        WHERE c.id > b.kase AND c.lead_agency_id IS NOT NULL""",
    "CREATE UNIQUE INDEX ON bench_open (n)",
    "ANALYZE bench_open",
    """CREATE TEMP TABLE bench_big AS SELECT c.id FROM cases_case c JOIN partners_user u
        ON u.id = c.lead_practitioner_id WHERE u.email = %(practitioner)s
        AND c.state = 'plan_and_review' ORDER BY c.id LIMIT 1""",
]

NOTE_TEXT = (
    "Visited the family at home. Talked with mum about the morning routine and school. "
    "The children were settled; agreed to speak again next week."
)

NOTES = [
    """INSERT INTO cases_casenote (note_type, contact_date, text, visibility,
                                    sensitive_category, created_at, author_id,
                                    author_agency_id, case_id)
        SELECT (ARRAY['visit', 'call', 'meeting', 'message'])[1 + mod(i, 4)],
               c.opened_on + mod(i, 110), %(note_text)s,
               CASE WHEN mod(i, 20) = 0 THEN 'lead_agency' ELSE 'everyone' END, '',
               c.opened_on + mod(i, 110) + time '16:00', c.lead_practitioner_id,
               c.lead_agency_id, c.id
        FROM (SELECT i, CASE WHEN i <= %(big)s THEN (SELECT id FROM bench_big)
                             ELSE (SELECT x.id FROM bench_open x
                   WHERE x.n = mod(i * 7919::bigint,
                   (SELECT count(*) FROM bench_open)))
                        END AS case_id
              FROM generate_series(1, %(notes)s) i) n
        JOIN cases_case c ON c.id = n.case_id""",
    """INSERT INTO cases_chronologyentry (at, kind, title, description, url, case_id, actor_id,
                                          note_id)
        SELECT n.created_at, 'note', 'Case note: ' || n.note_type, '', '', n.case_id,
               n.author_id, n.id
        FROM cases_casenote n WHERE n.case_id = (SELECT id FROM bench_big)""",
]

STARS = [
    """CREATE TEMP TABLE bench_readings AS
        SELECT i, (SELECT x.id FROM bench_open x
                   WHERE x.n = mod(i * 104729::bigint,
                   (SELECT count(*) FROM bench_open))) AS case_id
        FROM generate_series(1, %(readings)s) i""",
    """INSERT INTO assessments_starreading (taken_on, occasion, kind, counts_in_reports,
                                            others_present, note, recorded_at, case_id,
                                            recorded_by_id, star_type_id)
        SELECT c.opened_on + 20 + mod(r.i, 90),
               CASE WHEN mod(r.i, 3) = 0 THEN 'start' ELSE 'review' END, 'joint', true, '', '',
               c.opened_on + 20 + mod(r.i, 90) + time '11:00', c.id, c.lead_practitioner_id,
               b.star_type
        FROM bench_readings r JOIN cases_case c ON c.id = r.case_id CROSS JOIN bench_base b""",
    """INSERT INTO assessments_starscore (value, note, reading_id, scale_id)
        SELECT 1 + mod(r.id + s.id, 10), '', r.id, s.id
        FROM assessments_starreading r JOIN cases_case c ON c.id = r.case_id
        CROSS JOIN bench_base b
        JOIN assessments_starscale s ON s.star_type_id = r.star_type_id
        WHERE c.id > b.kase""",
]

PLANS = [
    """INSERT INTO family_plans_familyplan (status, children_views, next_review_on,
                                            agreed_version, created_at, updated_at, version,
                                            case_id, created_by_id)
        SELECT 'agreed', '', c.opened_on + 90, 1, c.opened_on + time '14:00',
               c.opened_on + time '14:00', 1, c.id, c.lead_practitioner_id
        FROM cases_case c CROSS JOIN bench_base b
        WHERE c.id > b.kase AND c.lead_agency_id IS NOT NULL
          AND c.state IN ('plan_and_review', 'closing', 'closed')""",
    """INSERT INTO family_plans_planoutcome (number, wanted, whose_words, success_looks_like,
                                             need_keys, status, version, created_at,
                                             updated_at, plan_id, updated_by_id)
        SELECT k, 'The children go to school every day', 'Mum (parent)', 'Attendance above 95',
               '{}', 'active', 1, p.created_at, p.created_at, p.id, p.created_by_id
        FROM family_plans_familyplan p JOIN cases_case c ON c.id = p.case_id
        CROSS JOIN bench_base b CROSS JOIN generate_series(1, 2) k WHERE c.id > b.kase""",
    """CREATE TEMP TABLE bench_outcomes AS SELECT row_number() OVER (ORDER BY o.id) - 1 AS n,
        o.id FROM family_plans_planoutcome o JOIN family_plans_familyplan p ON p.id = o.plan_id
        JOIN cases_case c ON c.id = p.case_id CROSS JOIN bench_base b WHERE c.id > b.kase""",
    "CREATE UNIQUE INDEX ON bench_outcomes (n)",
    "ANALYZE bench_outcomes",
    """INSERT INTO family_plans_planaction (number, what, owner_kind, start_on, due_on, status,
                                            dropped_reason, completed_on, version, created_at,
                                            updated_at, owner_agency_id, plan_id,
                                            updated_by_id, outcome_id)
        SELECT row_number() OVER (PARTITION BY o.plan_id ORDER BY a.i), 'Walk to school together',
               'agency', c.opened_on + 30, c.opened_on + 60,
               CASE WHEN mod(a.i, 3) = 0 THEN 'done' ELSE 'in_progress' END, '',
               CASE WHEN mod(a.i, 3) = 0 THEN c.opened_on + 55 END, 1,
               c.opened_on + time '14:00', c.opened_on + time '14:00', c.lead_agency_id,
               o.plan_id, p.created_by_id, o.id
        FROM (SELECT i, (SELECT x.id FROM bench_outcomes x
                   WHERE x.n = mod(i * 7919::bigint,
                   (SELECT count(*) FROM bench_outcomes))) AS oid
              FROM generate_series(1, %(actions)s) i) a
        JOIN family_plans_planoutcome o ON o.id = a.oid
        JOIN family_plans_familyplan p ON p.id = o.plan_id
        JOIN cases_case c ON c.id = p.case_id""",
    """INSERT INTO family_plans_tafmeeting (status, starts_at, ends_at, location, online_link,
                                            uid, sequence, created_at, cancelled_reason,
                                            family_views, child_views, minutes, decisions,
                                            version, case_id, organiser_id)
        SELECT 'held', c.opened_on + 40 + mod(t.i, 60) + time '10:00',
               c.opened_on + 40 + mod(t.i, 60) + time '11:00', 'Family hub', '',
               'bench-' || t.i || '@' || %(domain)s, 0, c.opened_on + time '14:00', '', '', '',
               'Minutes of the meeting.', '', 1, c.id, c.lead_practitioner_id
        FROM (SELECT i, (SELECT x.id FROM bench_open x
                   WHERE x.n = mod(i * 15485863::bigint,
                   (SELECT count(*) FROM bench_open)))
                  AS case_id
              FROM generate_series(1, %(tafs)s) i) t
        JOIN cases_case c ON c.id = t.case_id""",
]

# With the row triggers on, the database numbers and chains every entry as in production.
AUDIT = [
    """INSERT INTO cases_auditentry (at, user_label, agency_label, action, object_type,
                                     object_id, reason, detail, case_ids, user_id, case_id,
                                     prev_hash, hash)
        SELECT now() - (%(audit)s - i) * interval '1 second', u.email, 'Northborough Council',
               'view', 'case', c.id::text, '', '{}', '{}', c.lead_practitioner_id, c.id, '', ''
        FROM (SELECT i, (SELECT x.id FROM bench_open x
                   WHERE x.n = mod(i * 7919::bigint,
                   (SELECT count(*) FROM bench_open))) AS case_id
              FROM generate_series(1, %(audit)s) i) a
        JOIN cases_case c ON c.id = a.case_id
        JOIN partners_user u ON u.id = c.lead_practitioner_id
        ORDER BY a.i""",
]

# With the triggers off (a superuser's session): the same entries, numbered here and
# chained by one loop on the server with the trigger's own expressions, then written in
# one INSERT. A row trigger per entry costs ten times as much.
AUDIT_BULK = [
    "CREATE TEMP TABLE bench_audit (LIKE cases_auditentry INCLUDING DEFAULTS)",
    """INSERT INTO bench_audit (id, at, user_label, agency_label, action, object_type,
                               object_id, reason, detail, case_ids, user_id, case_id,
                               prev_hash, hash, content_hash)
        SELECT (SELECT coalesce(max(id), 0) FROM cases_auditentry) + i,
               now() - (%(audit)s - i) * interval '1 second', u.email, 'Northborough Council',
               'view', 'case', c.id::text, '', '{}', '{}', c.lead_practitioner_id, c.id, '', '',
               NULL
        FROM generate_series(1, %(audit)s) i
        JOIN bench_open x ON x.n = mod(i * 7919::bigint, (SELECT count(*) FROM bench_open))
        JOIN cases_case c ON c.id = x.id
        JOIN partners_user u ON u.id = c.lead_practitioner_id""",
    "CREATE TEMP TABLE bench_chain (id bigint, content_hash text, prev_hash text, hash text)",
    """DO $chain$
    DECLARE
        r bench_audit;
        previous text := coalesce(
            (SELECT hash FROM cases_auditentry ORDER BY id DESC LIMIT 1), '');
        ids bigint[] := '{}';
        contents text[] := '{}';
        prevs text[] := '{}';
        hashes text[] := '{}';
    BEGIN
        FOR r IN SELECT * FROM bench_audit ORDER BY id LOOP
            r.prev_hash := previous;
            r.content_hash := CONTENT;
            previous := encode(sha256(convert_to(HASHED, 'UTF8')), 'hex');
            ids := ids || r.id;
            contents := contents || r.content_hash;
            prevs := prevs || r.prev_hash;
            hashes := hashes || previous;
        END LOOP;
        INSERT INTO bench_chain SELECT * FROM unnest(ids, contents, prevs, hashes);
    END
    $chain$""".replace("HASHED", HASHED_FIELDS_SQL.format(r="r")).replace(
        "CONTENT", CONTENT_HASH_SQL.format(r="r")
    ),
    """INSERT INTO cases_auditentry (id, at, user_label, agency_label, action, object_type,
                                     object_id, reason, detail, case_ids, user_id, case_id,
                                     prev_hash, hash, content_hash)
        SELECT a.id, a.at, a.user_label, a.agency_label, a.action, a.object_type, a.object_id,
               a.reason, a.detail, a.case_ids, a.user_id, a.case_id, h.prev_hash, h.hash,
               h.content_hash
        FROM bench_audit a JOIN bench_chain h ON h.id = a.id ORDER BY a.id""",
    """SELECT setval(pg_get_serial_sequence('cases_auditentry', 'id'),
                     (SELECT max(id) FROM cases_auditentry))""",
]

SEQUENCES = [
    f"""SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                      (SELECT coalesce(max(id), 1) FROM {table}))"""  # noqa: S608
    for table in ("cases_family", "cases_person", "cases_case")
]
