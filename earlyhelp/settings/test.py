"""Test profile: fast hashing and in-memory mail, but the real PostgreSQL and Redis."""

import uuid

from earlyhelp.env import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
AUDIT_CHECKPOINT_KEY = "test-only-audit-checkpoint-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_PASSWORD = "early-help-demo"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# Browser tests set the live server's origin (tests/e2e/test_passkeys.py).
WEBAUTHN_RP_ID = "localhost"
WEBAUTHN_ORIGIN = "http://localhost"
OTP_WEBAUTHN_RP_ID = WEBAUTHN_RP_ID
OTP_WEBAUTHN_ALLOWED_ORIGINS = [WEBAUTHN_ORIGIN]
CONN_MAX_AGE = 0
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# A busy test machine can take more than the service's 5 s to accept a connection while
# other test processes build their databases; the suite waits rather than errors.
DATABASES["default"]["OPTIONS"]["connect_timeout"] = 30  # noqa: F405
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PRIVATE_STORAGE_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
# Static files come straight from the finders here (runserver / live_server);
# WhiteNoise serves the collected files in production only.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Each test run counts rate limits afresh: keys of earlier runs stay in the shared Redis.
CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:8]}"  # noqa: F405
if STORAGES["documents"]["BACKEND"].endswith("FileSystemStorage"):  # noqa: F405
    STORAGES["documents"]["OPTIONS"]["location"] = PRIVATE_STORAGE_ROOT / "documents"  # noqa: F405
