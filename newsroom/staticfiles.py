"""Static files under production settings, whether or not `collectstatic` has run."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Content-hashed, compressed names from collectstatic's manifest (the Docker image runs it).

    Before collectstatic has run, as when a fresh clone is started with DEBUG=false, there is no
    manifest: WhiteNoise's storage would answer every page with a 500 ("Missing staticfiles manifest
    entry"). Then `url()` gives the plain names, which WhiteNoise serves from the app's own static
    directories (settings: WHITENOISE_USE_FINDERS), uncompressed and without far-future caching.
    A manifest that exists but lacks a name still raises, as Django's does: that is a broken build.
    """

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)
