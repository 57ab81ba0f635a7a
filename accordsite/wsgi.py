import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accordsite.settings")

application = get_wsgi_application()


def freeze_startup_objects(**kwargs):
    """After a server process's first request, everything it has built so
    far (settings, models, URL patterns, compiled templates, translations)
    lives as long as the process: gc.freeze() takes it out of the garbage
    collector's full passes, which otherwise walk all of it every few hundred
    requests (a tenth of an API list's time, measured)."""
    request_finished.disconnect(freeze_startup_objects)
    gc.freeze()


request_finished.connect(freeze_startup_objects)
