import gc
import os

from django.core.wsgi import get_wsgi_application

from ikone.memory import keep_freed_memory

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikone.settings")
application = get_wsgi_application()

# What is loaded now (Django, the apps, URLs, translations) lives as long as
# the worker: moved out of the garbage collector's generations, a full
# collection no longer walks it, which a request building thousands of rows
# (a report by city) would otherwise trigger and wait for.
gc.freeze()

# The pages of a report's megabytes are kept for the next one (ikone.memory).
keep_freed_memory()
