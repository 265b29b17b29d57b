"""What a watcher remembers of a board between two checks, in one JSON file.

The pinned key, the log's origin, the last verified checkpoint (size, root and the signed note
itself, as evidence) and the compact range of the verified entries — the hashes of the perfect
subtrees that make them up, one per bit of the size — so that the next check downloads only the
new entries and still recomputes the root of the whole log.

The file is replaced atomically, and only after a successful check.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import CannotVerify
from .merkle import CompactRange
from .note import NoteError, Verifier

FORMAT = "tender-board-verify/1"


@dataclass(frozen=True)
class State:
    board: str  # the board's address
    key: Verifier  # pinned
    origin: str
    size: int
    root: bytes
    peaks: tuple[bytes, ...]  # the compact range of entries 0 … size - 1
    checkpoint: str  # the signed note verified last
    verified_at: str  # ISO 8601, UTC

    def compact_range(self) -> CompactRange:
        return CompactRange(self.size, self.peaks)

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "board": self.board,
            "key": str(self.key),
            "origin": self.origin,
            "size": self.size,
            "root": self.root.hex(),
            "peaks": [peak.hex() for peak in self.peaks],
            "checkpoint": self.checkpoint,
            "verified_at": self.verified_at,
        }

    @classmethod
    def from_json(cls, value: object) -> State:
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        texts = [value.get(name) for name in ("board", "key", "origin", "checkpoint", "verified_at", "root")]
        size, peaks = value.get("size"), value.get("peaks")
        if not all(isinstance(text, str) for text in texts) or type(size) is not int or not isinstance(peaks, list):
            raise ValueError("a field is missing or of the wrong type")
        if not all(isinstance(peak, str) for peak in peaks):
            raise ValueError("a peak is not hex")
        try:
            state = cls(
                board=value["board"],
                key=Verifier.parse(value["key"]),
                origin=value["origin"],
                size=size,
                root=bytes.fromhex(value["root"]),
                peaks=tuple(bytes.fromhex(peak) for peak in peaks),
                checkpoint=value["checkpoint"],
                verified_at=value["verified_at"],
            )
            matches = state.compact_range().root() == state.root
        except NoteError as error:
            raise ValueError(f"the pinned key: {error}") from None
        if not matches:
            raise ValueError("its entries' hashes do not add up to its root")
        return state


def load(path: Path) -> State | None:
    """The state saved at ``path``, or None if there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise CannotVerify(f"cannot read the state file {path}: {error}") from None
    try:
        return State.from_json(json.loads(text))
    except (ValueError, RecursionError) as error:
        raise CannotVerify(
            f"the state file {path} is damaged ({error}); move it away to start afresh,"
            " which trusts the board's key anew"
        ) from None


def save(path: Path, state: State) -> None:
    """Replace the file at ``path`` with ``state`` in one step: a crash leaves the old or the new."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(state.to_json(), file, indent=1, ensure_ascii=False)
                file.write("\n")
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise CannotVerify(f"the board verified, but the state file {path} could not be saved: {error}") from None


def default_path(board: str) -> Path:
    """One file per board under $XDG_STATE_HOME (~/.local/state)."""
    home = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    name = re.sub(r"[^A-Za-z0-9.-]+", "_", board.split("://", 1)[-1]).strip("_")
    return Path(home) / "tender-board-verify" / f"{name}.json"
