"""The ledger's name and signing key (C2SP signed-note, Ed25519: tender_board_verify.note).

- The origin (the checkpoint's first line) is `LEDGER_ORIGIN`, by default `<host of PUBLIC_URL>/ledger`;
  the key name is `LEDGER_KEY_NAME`, by default the origin.
- The key is `LEDGER_SIGNING_KEY` (the signer key text, `PRIVATE+KEY+…`), else the file
  `LEDGER_KEY_FILE` (default `instance/ledger-signing.key`), generated there on first use, readable
  by its owner only, and never committed (instance/ is git-ignored). Several app servers must
  share one key: copy the file, or set the variable on each. Rotation is in the README.
"""

import os
import tempfile
from pathlib import Path

from flask import current_app
from tender_board_verify.note import Signer

from ..urls import public_host

KEY_FILE = "ledger-signing.key"


def origin() -> str:
    config = current_app.config
    return config.get("LEDGER_ORIGIN") or f"{public_host(config) or 'localhost'}/ledger"


def key_name() -> str:
    return current_app.config.get("LEDGER_KEY_NAME") or origin()


def key_file() -> Path:
    configured = current_app.config.get("LEDGER_KEY_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / KEY_FILE


def signer() -> Signer:
    """The board's signer, read (or generated) once per process."""
    text = current_app.config.get("LEDGER_SIGNING_KEY")
    cache = current_app.extensions.setdefault("ledger_signer", {})
    source = text or str(key_file())
    if source not in cache:
        cache[source] = Signer.parse(text.strip()) if text else _from_file(key_file())
    return cache[source]


def _from_file(path: Path) -> Signer:
    """The key in `path`; a new one written there first if there is none. Two processes starting
    at once agree: the file appears whole (a hard link of a finished file) or not at all."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".ledger-key-")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as out:  # mkstemp: mode 0600
                out.write(f"{Signer.generate(key_name())}\n")
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            os.unlink(draft)
    return Signer.parse(path.read_text(encoding="ascii").strip())
