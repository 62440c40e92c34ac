"""Static files storage: WhiteNoise's compressed, hashed copies (collectstatic)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Rewrites URLs in CSS only: vendored JS names source maps that are not vendored."""

    patterns = tuple(p for p in CompressedManifestStaticFilesStorage.patterns if p[0] == "*.css")
