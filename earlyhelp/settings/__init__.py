"""Settings profiles: base (shared), development, test and production.

DJANGO_SETTINGS_MODULE picks one; manage.py defaults to development.
"""
