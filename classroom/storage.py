"""Static files as a deployment serves them (hashed, compressed names), tolerant of a file that
a template names but that does not exist yet, so that work in progress elsewhere in the checkout
does not turn every page of the benchmark into a 500. Each such name is logged once.
"""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class TolerantManifestStorage(CompressedManifestStaticFilesStorage):
    _missing: set[str] = set()

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            if name not in self._missing:
                self._missing.add(name)
                logger.warning("static file %s is not in the manifest; served unhashed", name)
            return name
