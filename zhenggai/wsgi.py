import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the settings) lives as long as the worker:
# out of the collector's sight, a full collection no longer walks it. Without this a
# page that builds many objects (the province overview's 5,000 rows) paid a 50 ms
# collection on every other request.
gc.freeze()
