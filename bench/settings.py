"""The production settings (everything read from the environment) plus the benchmark's URLs.

``BENCH_STATIC_ROOT`` points collectstatic and WhiteNoise at a temporary directory with hashed,
compressed names, as a deployment has, without touching the checkout's ``staticfiles/``; a file
that a template names but that is not there yet is served unhashed (see ``classroom/storage.py``).
"""

import os
from pathlib import Path

from classroom.settings import *  # noqa: F403
from classroom.settings import STORAGES as _STORAGES

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
    WHITENOISE_USE_FINDERS = False
    STORAGES = {
        **_STORAGES,
        "staticfiles": {"BACKEND": "classroom.storage.TolerantManifestStorage"},
    }
