"""The board's public ledger endpoints, read over HTTP with the standard library only.

Every answer is checked for its shape here; a wrong one raises `CannotVerify` naming the
address, never a traceback.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from . import __version__
from .errors import CannotVerify, UsageError

TEXT_LIMIT = 64 * 1024  # the key and the checkpoint are a few hundred bytes
JSON_LIMIT = 64 * 1024 * 1024  # a page of entries
_HEX_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Entry:
    index: int
    data: bytes  # the exact UTF-8 bytes that were hashed
    leaf_hash: bytes  # as the board publishes it


def board_url(url: str) -> str:
    """The board's base address, without a trailing slash; http or https only."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise UsageError(f"{url!r} is not a board's address such as https://tenders.example.org")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


class Board:
    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = board_url(url)
        self.timeout = timeout

    def key(self) -> str:
        """The verifier key the board publishes, as one line of text."""
        text = self._text("/ledger/key")
        line = text[:-1] if text.endswith("\n") else text
        if not line or "\n" in line:
            raise CannotVerify(f"{self.url}/ledger/key is not one line of text")
        return line

    def checkpoint(self) -> bytes:
        """The board's latest signed checkpoint, as the bytes of a signed note."""
        return self._get(f"{self.url}/ledger/checkpoint", TEXT_LIMIT)

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        url = f"{self.url}/api/v1/ledger/proof/consistency?from={first}&to={second}"
        answer = self._json(url)
        if (_integer(answer.get("from")), _integer(answer.get("to"))) != (first, second):
            raise CannotVerify(f"{url} answered a proof for other sizes")
        return _hashes(answer.get("path"), url)

    def inclusion_proof(self, index: int, size: int) -> tuple[bytes, list[bytes]]:
        """The root the proof leads to, and the proof."""
        url = f"{self.url}/api/v1/ledger/proof/inclusion?index={index}&size={size}"
        answer = self._json(url)
        if (_integer(answer.get("index")), _integer(answer.get("size"))) != (index, size):
            raise CannotVerify(f"{url} answered a proof for another entry or size")
        return _hash(answer.get("root"), url), _hashes(answer.get("path"), url)

    def entries(self, start: int, end: int) -> Iterator[Entry]:
        """Entries start … end - 1, in order, following the board's ``next`` pages."""
        url = f"{self.url}/api/v1/ledger/entries?start={start}&end={end}"
        index = start
        while index < end:
            page = self._json(url)
            items, next_url = page.get("items"), page.get("next")
            if not isinstance(items, list) or not (next_url is None or isinstance(next_url, str)):
                raise CannotVerify(f"{url} is not a page of entries with items and next")
            first_on_page = index
            for item in items[: end - index]:
                yield _entry(item, index, url)
                index += 1
            if index < end:
                if next_url is None or index == first_on_page:
                    raise CannotVerify(f"the board served entries only up to {index} of the {end} it signed")
                url = self._own_page(url, next_url)

    def _own_page(self, current: str, link: str) -> str:
        """A ``next`` link, which must stay on the board."""
        target = urllib.parse.urljoin(current, link)
        here, there = urllib.parse.urlsplit(self.url), urllib.parse.urlsplit(target)
        if (there.scheme, there.netloc) != (here.scheme, here.netloc) or not there.path.startswith(here.path):
            raise CannotVerify(f"the board's next page {link!r} leads away from {self.url}")
        return target

    def _text(self, path: str) -> str:
        url = self.url + path
        try:
            return self._get(url, TEXT_LIMIT).decode("utf-8")
        except UnicodeDecodeError:
            raise CannotVerify(f"{url} is not UTF-8 text") from None

    def _json(self, url: str) -> dict:
        try:
            answer = json.loads(self._get(url, JSON_LIMIT))
        except (ValueError, RecursionError):
            raise CannotVerify(f"{url} did not answer JSON") from None
        if not isinstance(answer, dict):
            raise CannotVerify(f"{url} did not answer a JSON object")
        return answer

    def _get(self, url: str, limit: int) -> bytes:
        # The address is the board's own, http or https (board_url, _own_page).
        request = urllib.request.Request(url, headers={"User-Agent": f"tender-board-verify/{__version__}"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(limit + 1)
        except urllib.error.HTTPError as error:
            raise CannotVerify(f"the board answered {error.code} {error.reason} to {url}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or error
            raise CannotVerify(f"cannot reach the board at {url}: {reason}") from None
        if len(body) > limit:
            raise CannotVerify(f"{url} answered more than {limit} bytes")
        return body


def _entry(item: object, index: int, url: str) -> Entry:
    if not isinstance(item, dict) or _integer(item.get("index")) != index:
        raise CannotVerify(f"{url} did not answer entry {index} in its place")
    data = item.get("data")
    if not isinstance(data, str):
        raise CannotVerify(f"entry {index} from {url} has no text data")
    try:
        raw = data.encode("utf-8")
    except UnicodeEncodeError:
        raise CannotVerify(f"entry {index} from {url} is not UTF-8 text (a lone surrogate)") from None
    return Entry(index, raw, _hash(item.get("leaf_hash"), url))


def _integer(value: object) -> int | None:
    return value if type(value) is int else None


def _hash(value: object, url: str) -> bytes:
    if not isinstance(value, str) or not _HEX_HASH.fullmatch(value):
        raise CannotVerify(f"{url} answered a hash that is not 64 lowercase hex digits")
    return bytes.fromhex(value)


def _hashes(value: object, url: str) -> list[bytes]:
    if not isinstance(value, list):
        raise CannotVerify(f"{url} answered no path of hashes")
    return [_hash(item, url) for item in value]
