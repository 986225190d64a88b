import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()

# A page leaves 600-800 more container objects allocated than freed, as CPython counts them, so at the
# default thresholds (700, 10, 10) the youngest generation is collected about once a request, the
# middle one every ten, and now and then a full collection walks every object the worker holds: the
# ~96,000 loaded at start-up and more, about 80 ms in a worker holding 140,000. Freezing the start-up
# objects takes them out of every collection, and higher thresholds make collections rarer. Timed
# interleaved in one process at 10M statements (review queue, speaker page, search, API speaker
# search): p50 3-5% and p95 8-18% lower. After "Dismissing Python Garbage Collection at Instagram"
# (2017); gc.freeze is Python 3.7+.
GC_THRESHOLDS = (50_000, 20, 100)
gc.set_threshold(*GC_THRESHOLDS)
gc.freeze()
