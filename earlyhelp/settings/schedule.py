"""The nightly and periodic jobs Celery beat runs, and the audit checkpoint's timing,
kept apart from the other settings so each file stays readable."""

from __future__ import annotations

from celery.schedules import crontab

from earlyhelp.env import env

# The audit chain's head is signed this often, with a key the database never holds; a
# file (on a volume the database's owner does not reach) keeps a second copy when set.
AUDIT_CHECKPOINT_KEY = env.str("AUDIT_CHECKPOINT_KEY", default="")
AUDIT_CHECKPOINT_FILE = env.str("AUDIT_CHECKPOINT_FILE", default="")
AUDIT_CHECKPOINT_MINUTES = env.int("AUDIT_CHECKPOINT_MINUTES", default=15)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "remove-expired-case-grants": {
        "task": "cases.tasks.remove_expired_grants",
        "schedule": crontab(hour=1, minute=15),
    },
    # Shares made without consent end with the information sharing agreement they rely on.
    "end-shares-on-expired-agreements": {
        "task": "cases.tasks.end_shares_on_expired_agreements",
        "schedule": crontab(hour=1, minute=20),
    },
    # The retention schedule: list what has become due, then apply what was approved.
    "list-retention-due": {
        "task": "governance.tasks.list_retention_due",
        "schedule": crontab(hour=3, minute=10),
    },
    "apply-retention": {
        "task": "governance.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=40),
    },
    "expire-exports": {
        "task": "reporting.tasks.expire_exports",
        "schedule": crontab(minute=5),
    },
    "sweep-exports": {
        "task": "reporting.tasks.sweep_exports",
        "schedule": 60.0,
    },
    # Scorecard snapshots of the last 24 months, rebuilt nightly (re-running replaces them).
    "scorecard-rollup": {
        "task": "reporting.tasks.scorecard_rollup_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    "sweep-scorecard-rollups": {
        "task": "reporting.tasks.sweep_scorecard_rollups",
        "schedule": 60.0,
    },
    # Publishes work the outbox still holds (after a broker outage, or a commit whose
    # immediate publish failed). Expires so a backlog of drains never piles up.
    "drain-outbox": {
        "task": "earlyhelp.tasks.drain_outbox",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Create requests are remembered for IDEMPOTENCY_KEY_HOURS (earlyhelp/idempotency.py).
    "purge-idempotency-keys": {
        "task": "earlyhelp.tasks.purge_idempotency_keys",
        "schedule": crontab(minute=20),
    },
    # Signs the audit chain's head with AUDIT_CHECKPOINT_KEY (cases/audit_checkpoints.py).
    "audit-checkpoint": {
        "task": "cases.tasks.audit_checkpoint",
        "schedule": 60.0 * AUDIT_CHECKPOINT_MINUTES,
    },
    # Sessions past their idle or absolute timeout hold drafts and search terms: gone nightly.
    "purge-expired-sessions": {
        "task": "identity.tasks.purge_expired_sessions",
        "schedule": crontab(hour=1, minute=45),
    },
    # Directory entries six months old remind their curators (once per review).
    "directory-review-reminders": {
        "task": "partners.directory.tasks.send_review_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    # Rows of partners' data sets past their retention period are deleted nightly.
    "purge-expired-data-sets": {
        "task": "cases.identified.tasks.purge_expired_data_sets",
        "schedule": crontab(hour=2, minute=0),
    },
    # Daily reminders; each is sent once per object and due date whatever runs twice.
    "send-reminders": {
        "task": "family_plans.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
