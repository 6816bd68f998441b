"""Production profile: DEBUG off, secrets required, secure cookies, HSTS.

`manage.py check --deploy` passes with this profile (tested).
"""

import copy

from earlyhelp.env import env, get_mandatory_secret

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = get_mandatory_secret("SECRET_KEY")
# Signs the audit chain's checkpoints; kept out of the database (cases/audit_checkpoints.py).
AUDIT_CHECKPOINT_KEY = get_mandatory_secret("AUDIT_CHECKPOINT_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Passkeys belong to the host people reach the service at: the first of ALLOWED_HOSTS
# unless set, over HTTPS.
WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default=ALLOWED_HOSTS[0])
WEBAUTHN_ORIGIN = env.str("WEBAUTHN_ORIGIN", default=f"https://{WEBAUTHN_RP_ID}")
OTP_WEBAUTHN_RP_ID = WEBAUTHN_RP_ID
OTP_WEBAUTHN_ALLOWED_ORIGINS = [WEBAUTHN_ORIGIN]

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# One JSON object per log line, with the request id (earlyhelp/request_id.py).
LOGGING = copy.deepcopy(LOGGING)  # noqa: F405 - base's own dict stays plain
LOGGING["handlers"]["console"]["formatter"] = "json"

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
