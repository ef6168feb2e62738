"""Files a municipality publishes (open data), built once per *version* of what they show
and served from the storage, not made per request; and the version itself (``Version``),
for other things kept per municipality until its data changes (the budget's sums).

A download of a large municipality's grants or collaborations is seconds of queries and
Python and megabytes of text; made per request, a few visitors at once take the machine.
Each app describes its files once (``PublishedFiles``: a cache key, a storage folder and a
writer per kind of file); then:

* ``version(pk)`` is a random token kept in the cache (Redis) per municipality, made when
  there is none. Any change to what the files show calls ``drop(pk)`` (from the app's
  signals): the token is deleted at once (a request in the same transaction, or a test,
  sees the change) and again when the change commits (a request that built the files
  meanwhile read the data from before it).
* ``stored_file(municipality, kind)`` is the storage name of the current version's file,
  written through the storage API first if it has none (to a temporary file, row by row,
  so the text is never all in memory), with the older versions' files removed.
  ``variant`` keeps apart files of one version that differ otherwise (the language of
  their labels); a version can be made to last only so long (``version_seconds``: until
  midnight, where which rows are shown depends on the day).
* ``download(...)`` is the response that streams it, open to any site (CORS).

Other processes share the cache and the storage, so a version built by one is served by
all (the portal on several machines).
"""

import io
import logging
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Version:
    """A version per municipality of something built from its data and kept (files, sums):
    a random token in the cache under ``key`` (a format with ``{pk}``), made when there is
    none, lasting ``seconds()`` (None: until dropped)."""

    key: str
    seconds: Callable[[], int | None] = lambda: None

    def key_of(self, municipality_id: int) -> str:
        return self.key.format(pk=municipality_id)

    def current(self, municipality_id: int) -> str:
        """The current version of the municipality's data (made if there is none)."""
        key = self.key_of(municipality_id)
        token = cache.get(key)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(key, token, timeout=self.seconds()):  # another was first
                token = cache.get(key) or token
        return token

    def invalidate(self, municipality_id: int) -> None:
        """What was built from the municipality's data is out of date: the next request
        builds anew.

        With Redis down the change itself must still be saved (a decision, a new partner):
        the drop is logged and skipped. A Redis that comes back empty has no version left
        anyway; one that hung and recovers serves what was built before until the next
        change drops it."""
        try:
            cache.delete(self.key_of(municipality_id))
        except Exception:
            logger.warning("%s not marked out of date", self.key_of(municipality_id),
                           exc_info=True)  # fmt: skip

    def drop(self, municipality_id: int | None) -> None:
        """``invalidate`` at once and again when the current transaction commits."""
        if municipality_id is None:
            return
        self.invalidate(municipality_id)
        transaction.on_commit(lambda: self.invalidate(municipality_id))


@dataclass(frozen=True)
class PublishedFiles:
    """One app's published files: ``key`` and ``folder`` are formats with ``{pk}`` (the
    municipality's); ``writers`` maps a kind ("json", "csv") to ``write(municipality, out)``,
    which writes the whole file to the text file ``out``."""

    key: str
    folder: str
    writers: dict[str, Callable] = field(default_factory=dict)
    version_seconds: Callable[[], int | None] = lambda: None

    @property
    def versions(self) -> Version:
        return Version(self.key, self.version_seconds)

    def version_key(self, municipality_id: int) -> str:
        return self.versions.key_of(municipality_id)

    def version(self, municipality_id: int) -> str:
        """The current version of the municipality's files (made if there is none)."""
        return self.versions.current(municipality_id)

    def invalidate(self, municipality_id: int) -> None:
        self.versions.invalidate(municipality_id)

    def drop(self, municipality_id: int | None) -> None:
        self.versions.drop(municipality_id)

    def stored_file(self, municipality, kind: str, *, variant: str = "") -> str:
        """The storage name of the municipality's current ``kind`` file, built and stored
        first if this version has none; older versions' files are removed. The version is
        read before the data, so a file built from data that changed while it was built is
        stored under a version already dropped and never served."""
        token = self.version(municipality.pk)
        folder = self.folder.format(pk=municipality.pk)
        name = f"{folder}{token}{'.' + variant if variant else ''}.{kind}"
        if default_storage.exists(name):
            return name
        with tempfile.TemporaryFile("w+b") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            self.writers[kind](municipality, text)
            text.flush()
            text.detach()  # the bytes stay in ``raw``, which the storage reads
            raw.seek(0)
            name = default_storage.save(name, File(raw))
        self._remove_older(folder, token)
        return name

    def _remove_older(self, folder: str, token: str) -> None:
        try:
            _folders, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError):
            return
        for filename in files:
            if not filename.startswith(token):
                default_storage.delete(folder + filename)

    def download(self, municipality, kind: str, content_type: str, *, variant: str = "",
                 **kwargs) -> FileResponse:  # fmt: skip
        """The stored file as a streamed response any site may read (``kwargs``: those of
        ``FileResponse``, e.g. ``as_attachment`` and ``filename``)."""
        name = self.stored_file(municipality, kind, variant=variant)
        response = FileResponse(default_storage.open(name), content_type=content_type, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
        return response
