"""Static files as whitenoise serves them, each file's URL worked out once.

``{% static %}`` asks the storage for a file's hashed URL every time: some
20 µs (the manifest, quoting, joining with ``STATIC_URL``), half a dozen
times on every page. The manifest does not change while the process runs
(``collectstatic`` writes it before the server starts), so a name's URL is
kept; a name the manifest lacks still raises each time.
"""

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
