"""Static files as a deployment serves them: hashed, compressed names from collectstatic's
manifest. A name the manifest lacks (no collectstatic yet, or a file added since) is served
under its plain name instead of failing every page; each such name is logged once.
"""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class TolerantManifestStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    _missing: set[str] = set()

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            if name not in self._missing:
                self._missing.add(name)
                logger.info("static file %s is not in the manifest; served unhashed", name)
            return name
