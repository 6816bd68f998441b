"""`manage.py demo_code`: the current code of the demo accounts' authenticator
(development only: DEMO_TOTP_KEY is a development setting)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from identity.demo import demo_key_hex


class Command(BaseCommand):
    help = "Print the demo accounts' current second-factor code (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        key = demo_key_hex()
        if not key:
            raise CommandError("There is no demo authenticator key (DEMO_TOTP_KEY) here.")
        code = totp(bytes.fromhex(key))
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{code:06d}  (changes in {left} seconds)")
