"""Settings shared by every profile. Profiles override only what differs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from earlyhelp.env import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The service's public name: councils call it "Early Help" or, since the 2025-26
# reforms, "Family Help". Shown in the header, titles, emails and PDFs.
SERVICE_NAME = env.str("SERVICE_NAME", default="Early Help")
# The council or partnership shown at the left of the header.
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="Northborough Council")
PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
# Region of UK bank holidays used for working days: ENG (England and Wales), SCT, NIR.
BANK_HOLIDAY_REGION = env.str("BANK_HOLIDAY_REGION", default="ENG")
# Working days a step of a case may take before "My work" shows it overdue
# (cases/my_work.py); the front door's target of an offer of help in 10 is national.
CASE_WORK_TARGETS = {
    "assessment_start": env.int("TARGET_ASSESSMENT_START_DAYS", default=5),
    "assessment_complete": env.int("TARGET_ASSESSMENT_COMPLETE_DAYS", default=30),
    "closure_sign_off": env.int("TARGET_CLOSURE_SIGN_OFF_DAYS", default=5),
}

INSTALLED_APPS = [
    "earlyhelp.apps.EarlyHelpAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "mozilla_django_oidc",
    "pgtrigger",
    "pghistory",
    "django_htmx",
    "template_partials",
    "csp",
    "earlyhelp.apps.EarlyHelpConfig",
    "partners",
    "partners.directory.apps.DirectoryConfig",
    "cases",
    "cases.identified.apps.IdentifiedConfig",
    "identity",
    "assessments",
    "family_plans",
    "reporting",
    "documents",
    "family_view",
    "governance",
    # Puts the apps together: root URLconf, API router, demo commands (no data).
    "composition.apps.CompositionConfig",
]

MIDDLEWARE = [
    # First: proxy headers are believed from TRUSTED_PROXIES only (earlyhelp/proxies.py).
    "earlyhelp.proxies.TrustedProxyMiddleware",
    # Then the request id, from a trusted proxy only (earlyhelp/request_id.py).
    "earlyhelp.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "earlyhelp.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Over-large bodies and over-long formsets are refused before anything parses them
    # further (earlyhelp/input_limits.py).
    "earlyhelp.input_limits.InputLimitsMiddleware",
    "earlyhelp.middleware.RejectNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "cases.middleware.AuditContextMiddleware",
    # The family's own section: its sessions, its language, 404 for them elsewhere.
    "family_view.middleware.FamilySectionMiddleware",
    "identity.middleware.SessionTimeoutMiddleware",
    "identity.middleware.SecondFactorMiddleware",
    "earlyhelp.url_policy.DeclaredPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "composition.urls"

# Request size (earlyhelp/input_limits.py): a body above MAX_REQUEST_BODY_BYTES (uploads
# included) is refused with a 413 before it is read; a form's fields other than files may
# take DATA_UPLOAD_MAX_MEMORY_SIZE and be at most DATA_UPLOAD_MAX_NUMBER_FIELDS.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
WSGI_APPLICATION = "earlyhelp.wsgi.application"
ASGI_APPLICATION = "earlyhelp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "earlyhelp.context_processors.service",
                "identity.context_processors.session_timeout",
                "family_view.context_processors.family",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# ---------------------------------------------------------------------------
# Database and cache
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/earlyhelp")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"]["connect_timeout"] = 5
# No JIT compilation for the application's queries: they are short, and PostgreSQL's
# cost estimate of a page's query over 100,000 families passes the JIT threshold, when
# compiling then costs more than running (caseloads: 220 ms of a 276 ms query). Set per
# connection, so a reporting tool's own connections keep the server's setting.
DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")


def _celery_redis_url(url: str) -> str:
    """Celery (kombu) spells a unix-socket Redis as redis+socket://<path>."""
    if url.startswith("unix://"):
        return "redis+socket://" + url.removeprefix("unix://").split("?")[0]
    return url


# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "identity.oidc.PreProvisionedOIDCBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = None  # show the "You have signed out" page
# NCSC: at least 12 characters, not a common or breached password, no composition rules
# and no forced expiry (identity/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "identity.passwords.DenyListValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A reset link works once, for this many seconds.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 2)
# An invitation link works once, for this many days.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)
# Where the locked-out and sign-in pages send people for help.
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="early-help-support@example.gov.uk")

# Sessions (identity/timeouts.py): the cookie holds only the session's random key; the
# session lives in the database (identity.models.UserSession). A session ends after
# SESSION_IDLE_TIMEOUT seconds without activity, warned SESSION_IDLE_WARNING seconds
# before, and SESSION_ABSOLUTE_TIMEOUT seconds after signing in whatever happens.
SESSION_ENGINE = "identity.session_store"
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_IDLE_WARNING = env.int("SESSION_IDLE_WARNING", default=2 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Messages are kept in the (server-side) session, never in a cookie: a message may name a
# family, and a cookie is readable by whoever holds it without the secret key.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Exports, access grants, break-glass and API tokens ask for both factors again unless
# they were proven this many seconds ago (earlyhelp/reauthentication.py).
REAUTHENTICATION_WINDOW = env.int("REAUTHENTICATION_WINDOW", default=15 * 60)

# Second factors (django-otp): TOTP apps and single-use backup codes.
OTP_TOTP_ISSUER = SERVICE_NAME
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys (WebAuthn, through django-otp-webauthn) as a second factor beside the app
# (identity/services/passkeys.py). A passkey belongs to one relying party: the host name
# the service is reached at (not an IP address), and the origin the browser reports.
# Changing WEBAUTHN_RP_ID later makes every passkey already added unusable.
WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default=ALLOWED_HOSTS[0])
WEBAUTHN_ORIGIN = env.str("WEBAUTHN_ORIGIN", default=f"https://{WEBAUTHN_RP_ID}")
# The same values for the library's own system checks; passkeys are a second factor
# only, never a way to sign in without the password.
OTP_WEBAUTHN_RP_ID = WEBAUTHN_RP_ID
OTP_WEBAUTHN_RP_NAME = SERVICE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = [WEBAUTHN_ORIGIN]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Lockout after repeated failed sign-ins (django-axes, extended in identity/lockout.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
# Lock an account per (normalised email, IP address): locking by IP alone would lock a
# whole council office behind one address; by email alone would let anyone lock anyone
# out. A second, higher limit per IP address across emails stops password spraying.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_HANDLER = "identity.lockout.LockoutHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "identity.lockout.attempted_email"
AXES_CLIENT_IP_CALLABLE = "identity.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "identity.lockout.locked_out_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ADMIN = False  # unlocking is a page of its own, audited

# Single sign-on with OpenID Connect (identity/oidc.py): offered when the client id and
# the provider's endpoints are set. Accounts are matched by verified email, never made.
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your organisation's account")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "sign-in-sso-callback"
OIDC_MFA_AMR_VALUES: list[str] = env.list("OIDC_MFA_AMR_VALUES", default=["mfa"])
OIDC_MFA_ACR_VALUES: list[str] = env.list("OIDC_MFA_ACR_VALUES", default=[])

# django-guardian: no anonymous user row (our users sign in with an email).
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# ---------------------------------------------------------------------------
# Internationalisation
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The family's section (family_view/) is translated; staff pages are in English only.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "family_view" / "locale"]
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

# ---------------------------------------------------------------------------
# Static files: GOV.UK Frontend, MOJ Frontend and htmx come from npm (node_modules,
# never committed); the site stylesheet is compiled by `npm run build` into
# static/build/.
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk-frontend", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Private files (exports) are never under MEDIA_URL: downloads go through an audited view.
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=BASE_DIR / "var" / "private")
# ---------------------------------------------------------------- case documents
# Documents' bytes: the local filesystem under PRIVATE_STORAGE_ROOT/documents, or an
# S3-compatible bucket (django-storages) when DOCUMENTS_S3_BUCKET is set. Either way no
# URL of the storage is ever given out: downloads go through the access-checked view.
DOCUMENTS_S3_BUCKET = env.str("DOCUMENTS_S3_BUCKET", default="")
if DOCUMENTS_S3_BUCKET:
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env.str("DOCUMENTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DOCUMENTS_S3_REGION", default="") or None,
            "access_key": env.str("DOCUMENTS_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("DOCUMENTS_S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "location": "documents",
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # No base_url: a file in this storage has no address of its own.
        "OPTIONS": {"location": Path(str(PRIVATE_STORAGE_ROOT)) / "documents", "base_url": None},
    }
# The largest file that may be uploaded, in megabytes.
DOCUMENT_MAX_UPLOAD_MB = env.int("DOCUMENT_MAX_UPLOAD_MB", default=20)
# Files per upload (the multi-file upload's limit).
DOCUMENT_MAX_FILES = env.int("DOCUMENT_MAX_FILES", default=5)
# The virus scanner: "clamd" or empty (no scanner: uploads are marked "not scanned").
DOCUMENT_SCANNER = env.str("DOCUMENT_SCANNER", default="")
CLAMD_ADDRESS = env.str("CLAMD_ADDRESS", default="unix:///run/clamav/clamd.ctl")
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=30.0)
# With no scanner, may files that were never scanned be downloaded?
DOCUMENT_ALLOW_UNSCANNED = env.bool("DOCUMENT_ALLOW_UNSCANNED", default=False)

# How long an export's file is kept for its requester before it is deleted.
EXPORT_RETENTION_HOURS = env.int("EXPORT_RETENTION_HOURS", default=24)
# Roles that may produce the identifiers file for the national impact study's data
# linking (names, dates of birth, addresses, NHS and NI numbers of every family worked
# with): personal data in bulk, so named here rather than open to every coordinator.
DATA_LINKING_ROLES = env.list("DATA_LINKING_ROLES", default=["manager"])
# A partner agency (on the team, or shared with) keeps a closed case this long after its
# closure; the lead agency and the service's zone roles keep it (cases/access.py).
PARTNER_ACCESS_AFTER_CLOSURE_MONTHS = env.int("PARTNER_ACCESS_AFTER_CLOSURE_MONTHS", default=12)
# How long a case opened without a relationship, with a reason, stays open to that person.
BREAK_GLASS_HOURS = env.int("BREAK_GLASS_HOURS", default=24)

# ---------------------------------------------------------------------------
# Email (GOV.UK Notify is available as a backend by setting NOTIFY_API_KEY)
# ---------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
# STARTTLS on by default: mail carries case references and names of people.
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="early-help@example.gov.uk")
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
# The GOV.UK Notify email template: its subject is ((subject)) and its body ((body)).
# A second template with an ((attachment)) placeholder carries files (calendar invitations).
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_ATTACHMENT_TEMPLATE_ID = env.str("NOTIFY_ATTACHMENT_TEMPLATE_ID", default="")
if NOTIFY_API_KEY:
    EMAIL_BACKEND = "partners.email_backends.NotifyEmailBackend"
# Text messages (the family's sign-in codes) through GOV.UK Notify: a template whose body
# is ((body)). Without a key or a template, codes go by email only.
NOTIFY_SMS_TEMPLATE_ID = env.str("NOTIFY_SMS_TEMPLATE_ID", default="")

# ---------------------------------------------------------------------------
# The family's own section (family_view/)
# ---------------------------------------------------------------------------
# Days after a case closes that the family can still sign in.
FAMILY_ACCESS_AFTER_CLOSURE_DAYS = env.int("FAMILY_ACCESS_AFTER_CLOSURE_DAYS", default=30)
# Short sessions: seconds without activity, and seconds after signing in, before it ends.
FAMILY_SESSION_IDLE_TIMEOUT = env.int("FAMILY_SESSION_IDLE_TIMEOUT", default=900)
FAMILY_SESSION_ABSOLUTE_TIMEOUT = env.int("FAMILY_SESSION_ABSOLUTE_TIMEOUT", default=3600)
# How long an emailed sign-in link works (hours), and its code (minutes, tries).
FAMILY_LINK_HOURS = env.int("FAMILY_LINK_HOURS", default=72)
FAMILY_CODE_MINUTES = env.int("FAMILY_CODE_MINUTES", default=10)
FAMILY_CODE_ATTEMPTS = env.int("FAMILY_CODE_ATTEMPTS", default=5)
# Offer the family section in Welsh (councils in Wales, or English ones that choose to).
FAMILY_WELSH_ENABLED = env.bool("FAMILY_WELSH_ENABLED", default=False)
# Who sends a code by text: GOV.UK Notify when NOTIFY_API_KEY is set, otherwise nobody
# (the invitation form then offers email only).
FAMILY_TEXT_SENDER = env.str(
    "FAMILY_TEXT_SENDER",
    default="family_view.senders.NotifyTextSender" if NOTIFY_API_KEY else "",
)

# Links in emails and calendar invitations point here.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
# The domain part of calendar invitation UIDs: stable, so an update replaces the invitation.
CALENDAR_UID_DOMAIN = env.str("CALENDAR_UID_DOMAIN", default="earlyhelp.example.gov.uk")

# ---------------------------------------------------------------------------
# Celery (Redis broker). Enqueueing must never hang a request: short connect
# timeouts, and work that must not be lost goes through the outbox table.
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=_celery_redis_url(REDIS_URL))
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_celery_redis_url(REDIS_URL))
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# Publishing gives up fast (one retry, no back-off wait): a page never waits long on a
# broker that is down, and the outbox keeps the message for the drain.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest task, so a task whose worker died is redelivered, not lost.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
# The worker logs through LOGGING below (JSON in production, with the request id).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Celery beat's jobs and the audit checkpoint's timing live in a file of their own.
from earlyhelp.settings.schedule import (  # noqa: E402, I001
    AUDIT_CHECKPOINT_FILE as AUDIT_CHECKPOINT_FILE,
    AUDIT_CHECKPOINT_KEY as AUDIT_CHECKPOINT_KEY,
    AUDIT_CHECKPOINT_MINUTES as AUDIT_CHECKPOINT_MINUTES,
    CELERY_BEAT_SCHEDULE as CELERY_BEAT_SCHEDULE,
)

# After a failed publish, a process leaves publishing to the drain for this many seconds.
OUTBOX_RETRY_AFTER = env.int("OUTBOX_RETRY_AFTER", default=30)
# A retried create request with the same key is answered from the first for this long.
IDEMPOTENCY_KEY_HOURS = env.int("IDEMPOTENCY_KEY_HOURS", default=24)
# Published outbox rows are kept this many days (for tracing), then deleted.
OUTBOX_KEEP_DAYS = 7

# ---------------------------------------------------------------------------
# REST API
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partners.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "partners.api_auth.TokenScopePermission",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["partners.api_auth.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_RATE_LIMIT", default="600/minute")},
    "DEFAULT_PAGINATION_CLASS": "earlyhelp.api.pagination.IdCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "earlyhelp.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Early Help case management API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": (
        "The Early Help / Family Help case management API for partner agencies' systems "
        "and council data warehouses. Authenticate with a token issued to your agency "
        "(`Authorization: Bearer eh_...`). Every call is audited; objects your agency may "
        "not see answer 404, exactly as missing ones do."
    ),
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ScreeningOutcomeEnum": "cases.workflow_states.ScreeningOutcome",
        "CaseStateEnum": "cases.workflow_states.State",
        "AssessmentStateEnum": "assessments.models.AssessmentState",
        "PlanStatusEnum": "family_plans.models.PlanStatus",
        "OutcomeStatusEnum": "family_plans.models.OutcomeStatus",
        "ActionStatusEnum": "family_plans.models.ActionStatus",
        "MeetingStatusEnum": "family_plans.models.MeetingStatus",
        "NeedCategoryEnum": "partners.needs.NeedCategory",
    },
}

# Throttle counters: Redis when it is there; the API keeps working without it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# ---------------------------------------------------------------------------
# Security headers and Content Security Policy (no inline script anywhere)
# ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
# Browser features the service never uses, switched off (earlyhelp/security_headers.py).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
# Passkeys: this origin only, never a frame of another.
PERMISSIONS_POLICY["publickey-credentials-create"] = ["self"]
PERMISSIONS_POLICY["publickey-credentials-get"] = ["self"]
# Addresses or networks of the reverse proxies in front of the app (e.g. the nginx of
# docker-compose). X-Forwarded-For and X-Forwarded-Proto are believed from these only;
# none by default, so the app is its own edge (earlyhelp/proxies.py).
TRUSTED_PROXIES: list[str] = env.list("TRUSTED_PROXIES", default=[])
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# ---------------------------------------------------------------------------
# Logging: to stdout, one line per event.
# ---------------------------------------------------------------------------
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "earlyhelp.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        # One JSON object a line (production): every record's extra fields included.
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
