"""Signed notes (C2SP signed-note) with Ed25519, and transparency-log checkpoints (C2SP tlog-checkpoint).

The rules follow https://c2sp.org/signed-note and Go's golang.org/x/mod/sumdb/note, so that
notes signed here open there and the other way round:

- A note is UTF-8 text ending in a newline, a blank line, then signature lines
  ``— <key name> <base64(4-byte key ID ‖ signature)>``; no control characters but newline.
- Key names are non-empty and hold no Unicode space and no ``+``.
- Ed25519 is signature type 0x01; key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4].
- Verifier key text ``<name>+<hex key ID>+<base64(0x01 ‖ public key)>``; signer key text
  ``PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ 32-byte seed)>`` (one line, kept secret).
- Opening a note: signatures by unknown keys (name or ID differ) are ignored; a signature by a
  known key that fails rejects the whole note; a note with no verified signature is rejected.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature as _BadSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from .merkle import HASH_SIZE

ED25519 = 0x01
MAX_SIGNATURES = 100  # the spec asks for at least 16; Go's note package stops at 100
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_HEX_ID = re.compile(r"[0-9a-fA-F]{8}")
_SIZE = re.compile(r"0|[1-9][0-9]*")


class NoteError(ValueError):
    """Text that is not a well-formed note, key or checkpoint, or a note that does not verify."""


class MalformedNote(NoteError):
    pass


class BadSignature(NoteError):
    """A signature by a known key that does not verify: the whole note is rejected."""

    def __init__(self, name: str, key_id: int) -> None:
        super().__init__(f"invalid signature for key {name}+{key_id:08x}")
        self.name, self.key_id = name, key_id


class UnverifiedNote(NoteError):
    """A well-formed note that no known key signed."""

    def __init__(self, note: Note) -> None:
        super().__init__("the note has no signature by a known key")
        self.note = note


def is_valid_key_name(name: str) -> bool:
    """Non-empty, encodable as UTF-8, no Unicode space, no plus sign and no control character."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return bool(name) and "+" not in name and not any(c.isspace() for c in name) and not _CONTROL.search(name)


def key_id(name: str, public_key: bytes) -> int:
    """SHA-256(name ‖ 0x0A ‖ 0x01 ‖ Ed25519 public key), first four bytes, big-endian."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ED25519]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def _b64decode(text: str) -> bytes:
    """Standard base64 with padding, canonical only (what re-encodes to the same text)."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise MalformedNote("not standard base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise MalformedNote("not canonical base64")
    return raw


def _b64encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _parse_key_text(parts: list[str], what: str) -> tuple[str, int, bytes]:
    name, hex_id, key64 = parts
    if not is_valid_key_name(name) or not _HEX_ID.fullmatch(hex_id):
        raise NoteError(f"malformed {what}")
    try:
        key = _b64decode(key64)
    except MalformedNote:
        raise NoteError(f"malformed {what}") from None
    if len(key) != 33 or key[0] != ED25519:
        raise NoteError(f"the {what} is not an Ed25519 key")
    return name, int(hex_id, 16), key[1:]


@dataclass(frozen=True)
class Verifier:
    """A public key that checks signatures of one key name."""

    name: str
    key_id: int
    public_key: bytes  # 32 bytes, RFC 8032

    def __post_init__(self) -> None:
        _check_key(self.name, self.key_id, self.public_key)

    @classmethod
    def from_public_key(cls, name: str, public_key: bytes) -> Verifier:
        _check_key(name, 0, public_key)
        return cls(name, key_id(name, public_key), public_key)

    @classmethod
    def parse(cls, vkey: str) -> Verifier:
        """Read verifier key text ``<name>+<hex key ID>+<base64(0x01 ‖ public key)>``."""
        parts = vkey.split("+", 2)
        if len(parts) != 3:
            raise NoteError("malformed verifier key")
        name, hex_id, public_key = _parse_key_text(parts, "verifier key")
        if hex_id != key_id(name, public_key):
            raise NoteError("the verifier key's ID does not match its name and key")
        return cls(name, hex_id, public_key)

    def __str__(self) -> str:
        return f"{self.name}+{self.key_id:08x}+{_b64encode(bytes([ED25519]) + self.public_key)}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        if len(signature) != 64:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (_BadSignature, ValueError):  # ValueError: not a point of the curve
            return False
        return True


@dataclass(frozen=True)
class Signer:
    """A private key that signs notes under one key name. ``str()`` gives the secret key text."""

    name: str
    key_id: int
    seed: bytes = field(repr=False)  # 32 bytes, RFC 8032

    def __post_init__(self) -> None:
        _check_key(self.name, self.key_id, self.seed)

    @classmethod
    def generate(cls, name: str) -> Signer:
        seed = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return cls.from_seed(name, seed)

    @classmethod
    def from_seed(cls, name: str, seed: bytes) -> Signer:
        _check_key(name, 0, seed)
        return cls(name, key_id(name, _public_key(seed)), seed)

    @classmethod
    def parse(cls, skey: str) -> Signer:
        """Read signer key text ``PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>``."""
        parts = skey.split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise NoteError("malformed signer key")
        name, hex_id, seed = _parse_key_text(parts[2:], "signer key")
        if hex_id != key_id(name, _public_key(seed)):
            raise NoteError("the signer key's ID does not match its name and key")
        return cls(name, hex_id, seed)

    def __str__(self) -> str:
        return f"PRIVATE+KEY+{self.name}+{self.key_id:08x}+{_b64encode(bytes([ED25519]) + self.seed)}"

    def verifier(self) -> Verifier:
        return Verifier(self.name, self.key_id, _public_key(self.seed))

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)


def _check_key(name: str, key_id: int, key: bytes) -> None:
    if not is_valid_key_name(name):
        raise NoteError(f"a key name is non-empty, without spaces, '+' or control characters: {name!r}")
    if not (isinstance(key, bytes) and len(key) == 32 and 0 <= key_id < 1 << 32):
        raise NoteError("an Ed25519 key is 32 bytes and its ID 32 bits")


def _public_key(seed: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: int
    base64: str


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[Signature, ...]  # verified, by known keys
    unverified: tuple[Signature, ...] = ()  # by keys not known to the reader


def sign(text: str, *signers: Signer) -> str:
    """The signed note of ``text`` (which must end in a newline) with one line per signer."""
    if not text.endswith("\n") or _CONTROL.search(text) or not signers:
        raise MalformedNote("a note's text ends in a newline, holds no control characters and is signed")
    message = _decode(text).encode("utf-8")
    lines = []
    for signer in signers:
        raw = signer.key_id.to_bytes(4, "big") + signer.sign(message)
        lines.append(f"— {signer.name} {_b64encode(raw)}\n")
    return text + "\n" + "".join(lines)


def open_note(message: bytes | str, verifiers: Iterable[Verifier]) -> Note:
    """Parse a signed note and check its signatures by the known ``verifiers``."""
    text_and_signatures = _decode(message)
    split = text_and_signatures.rfind("\n\n")
    if split < 0:
        raise MalformedNote("no blank line before the signatures")
    text, block = text_and_signatures[: split + 1], text_and_signatures[split + 2 :]
    if not block.endswith("\n"):
        raise MalformedNote("the signature lines do not end in a newline")
    signed = text.encode("utf-8")
    known = {(v.name, v.key_id): v for v in verifiers}
    verified: dict[tuple[str, int], Signature] = {}
    unverified: dict[str, Signature] = {}
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNote(f"more than {MAX_SIGNATURES} signatures")
    for line in lines:
        signature, raw = _parse_signature_line(line)
        verifier = known.get((signature.name, signature.key_id))
        if verifier is None:
            unverified.setdefault(line, signature)
        elif (signature.name, signature.key_id) not in verified:
            if not verifier.verify(signed, raw):
                raise BadSignature(signature.name, signature.key_id)
            verified[(signature.name, signature.key_id)] = signature
    note = Note(text, tuple(verified.values()), tuple(unverified.values()))
    if not note.signatures:
        raise UnverifiedNote(note)
    return note


def _decode(message: bytes | str) -> str:
    try:
        text = message.decode("utf-8") if isinstance(message, bytes) else message
        text.encode("utf-8")
    except UnicodeError:
        raise MalformedNote("not UTF-8 text") from None
    if _CONTROL.search(text):
        raise MalformedNote("a control character other than newline")
    return text


def _parse_signature_line(line: str) -> tuple[Signature, bytes]:
    if not line.startswith("— "):
        raise MalformedNote("a signature line does not start with an em dash and a space")
    name, _, b64 = line[2:].partition(" ")
    raw = _b64decode(b64) if b64 else b""
    if not is_valid_key_name(name) or len(raw) < 5:
        raise MalformedNote("a malformed signature line")
    return Signature(name, int.from_bytes(raw[:4], "big"), b64), raw[4:]


@dataclass(frozen=True)
class Checkpoint:
    """The body of a signed tree head: ``<origin>\\n<size>\\n<base64 root>\\n`` and extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        lines = (self.origin, *self.extensions)
        if any(not line or "\n" in line or _CONTROL.search(line) for line in lines):
            raise MalformedNote("a checkpoint's origin and extension lines are non-empty single lines")
        if not 0 <= self.size < 1 << 64 or len(self.root) != HASH_SIZE:
            raise MalformedNote(f"a checkpoint's size is a uint64 and its root {HASH_SIZE} bytes")

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        if not text.endswith("\n"):
            raise MalformedNote("a checkpoint ends in a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise MalformedNote("a checkpoint has an origin, a size and a root hash")
        origin, size, root, *extensions = lines
        if not _SIZE.fullmatch(size):
            raise MalformedNote("the checkpoint's size is not a decimal number without leading zeros")
        return cls(origin, int(size), _b64decode(root), tuple(extensions))

    def text(self) -> str:
        lines = [self.origin, str(self.size), _b64encode(self.root), *self.extensions]
        return "".join(line + "\n" for line in lines)


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> str:
    return sign(checkpoint.text(), signer)


def open_checkpoint(message: bytes | str, verifier: Verifier) -> Checkpoint:
    """The checkpoint in a signed note, once ``verifier``'s signature on it has verified."""
    return Checkpoint.parse(open_note(message, [verifier]).text)
