import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings.production")

application = get_wsgi_application()

from earlyhelp.startup_heap import freeze_startup_heap  # noqa: E402 - needs Django set up

freeze_startup_heap()
