"""Development profile: DEBUG on, a fixed local secret, mail written to var/mail/."""

from earlyhelp.env import env

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="development-only-secret-key-not-for-production")
# `make run`'s beat signs the audit chain with this (cases/audit_checkpoints.py).
AUDIT_CHECKPOINT_KEY = env.str(
    "AUDIT_CHECKPOINT_KEY", default="development-only-audit-key-not-for-production"
)
# Mail is written to files under var/mail/ (one per sending process), not the console:
# the demo's reminders send hundreds, which would bury the address and the logins.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))  # noqa: F405
# Shown on the sign-in page and printed by `make run`: demo logins only exist here.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="early-help-demo")
# Every demo account's authenticator key (base32), printed with the demo logins: second
# factors stay on in development, with a key everyone knows (identity/demo.py).
DEMO_TOTP_KEY = env.str("DEMO_TOTP_KEY", default="EARLYHELPDEMOTOTPKEY234567ABCDEF")
# Passkeys need a host name, not an address: open http://localhost:8000/ (the port of
# `make run`) to add or use one.
WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default="localhost")
WEBAUTHN_ORIGIN = env.str(
    "WEBAUTHN_ORIGIN", default=f"http://localhost:{env.int('PORT', default=8000)}"
)
OTP_WEBAUTHN_RP_ID = WEBAUTHN_RP_ID
OTP_WEBAUTHN_ALLOWED_ORIGINS = [WEBAUTHN_ORIGIN]
# The demo borough's size, and how many of its families `make run` loads before it
# starts serving; the rest load in the background while the app is in use.
DEMO_FAMILIES = env.int("DEMO_FAMILIES", default=2000)
DEMO_FIRST_FAMILIES = env.int("DEMO_FIRST_FAMILIES", default=200)
# Static files come straight from the finders here (runserver / live_server);
# WhiteNoise serves the collected files in production only.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# `make run` sets SERVICE_ERROR_PAGES so the demo shows the service's own 404 and 500
# pages; developers running manage.py keep Django's debug pages (earlyhelp/error_pages.py).
SERVICE_ERROR_PAGES = env.bool("SERVICE_ERROR_PAGES", default=False)
if SERVICE_ERROR_PAGES:
    MIDDLEWARE = ["earlyhelp.error_pages.ServiceErrorPagesMiddleware", *MIDDLEWARE]
