"""The Celery app: Redis broker and result backend from REDIS_URL.

Without REDIS_URL (the embedded default) tasks run eagerly in process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikone.settings")

app = Celery("ikone")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
