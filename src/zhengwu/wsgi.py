import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
application = get_wsgi_application()
# What is loaded by now (Django, the apps, the segmenters' dictionaries) lives as long as the
# worker. Frozen, it is left out of the garbage collector's full collections, which otherwise
# walk it all (about 60 ms each) in the middle of whichever request sets one off.
gc.freeze()
