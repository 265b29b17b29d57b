"""Signed notes and checkpoints, against Go's note package, the C2SP specs and an independent reader.

The PeterNeumann and EnochRoot keys and signatures are the examples of golang.org/x/mod/sumdb/note
(`note.go`'s package documentation and `note_test.go`, BSD licence).
"""

import base64
import contextlib
import hashlib

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given
from hypothesis import strategies as st
from tender_board_verify import merkle, note

PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"

peter = note.Verifier.parse(PETER_VKEY)
enoch = note.Verifier.parse(ENOCH_VKEY)


# An independent reader and signer of Ed25519 signed notes, from the C2SP text alone.
def independent_key_id(name, public_key):
    return hashlib.sha256(name.encode() + b"\n" + b"\x01" + public_key).digest()[:4]


def independent_open_checkpoint(message, vkey):
    name, hex_id, key64 = vkey.split("+", 2)
    key = base64.b64decode(key64)
    assert key[0] == 1 and len(key) == 33 and bytes.fromhex(hex_id) == independent_key_id(name, key[1:])
    text, _, signatures = message.rpartition("\n\n")
    text += "\n"
    for line in signatures.splitlines():
        signer, signature = line.removeprefix("\u2014 ").split(" ")
        raw = base64.b64decode(signature)
        if signer == name and raw[:4] == bytes.fromhex(hex_id):
            Ed25519PublicKey.from_public_bytes(key[1:]).verify(raw[4:], text.encode())  # raises if wrong
            origin, size, root, *extensions = text.splitlines()
            return origin, int(size), base64.b64decode(root), extensions
    raise AssertionError("no signature by the key")


def independent_sign(text, name, private_key):
    public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signature = independent_key_id(name, public) + private_key.sign(text.encode())
    return text + "\n" + "\u2014 " + name + " " + base64.b64encode(signature).decode() + "\n"


def test_go_example_keys_parse_and_sign_exactly_as_go():
    signer = note.Signer.parse(PETER_SKEY)
    assert (signer.name, signer.key_id) == ("PeterNeumann", 0xC74F20A3)
    assert str(signer) == PETER_SKEY and str(signer.verifier()) == PETER_VKEY
    assert signer.verifier() == peter
    assert note.sign(TEXT, signer) == TEXT + "\n" + PETER_SIG  # Ed25519 is deterministic


def test_go_open_cases():
    both = (TEXT + "\n" + PETER_SIG + ENOCH_SIG).encode()
    opened = note.open_note(both, [peter])
    assert opened.text == TEXT
    assert [(s.name, s.key_id) for s in opened.signatures] == [("PeterNeumann", 0xC74F20A3)]
    assert [(s.name, s.key_id) for s in opened.unverified] == [("EnochRoot", 0xAF0CFE78)]
    assert len(note.open_note(both, [peter, enoch]).signatures) == 2
    with pytest.raises(note.UnverifiedNote) as unverified:
        note.open_note(both, [])
    assert len(unverified.value.note.unverified) == 2
    with pytest.raises(note.BadSignature, match="PeterNeumann\\+c74f20a3"):
        note.open_note(TEXT + "\n" + PETER_SIG[:60] + "ABCD" + PETER_SIG[60:], [peter])
    # Repeated signatures count once; an unknown key's broken signature is ignored.
    repeated = TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + ENOCH_SIG[:60] + "ABCD" + ENOCH_SIG[60:]
    opened = note.open_note(repeated, [peter])
    assert len(opened.signatures) == 1 and len(opened.unverified) == 2


@pytest.mark.parametrize("message", [
    TEXT,
    TEXT + "\n",
    TEXT + "\n" + PETER_SIG[:-1],
    "\x01" + TEXT + "\n" + PETER_SIG,
    "\x00" + TEXT + "\n" + PETER_SIG,
    "\r" + TEXT + "\n" + PETER_SIG,
    TEXT + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
    TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
    TEXT + "\n" + PETER_SIG.replace("— ", "- "),
    TEXT + "\n" + PETER_SIG.replace("=\n", "\n"),  # base64 without its padding
    TEXT + "\n" + "— PeterNeumann x08gow==\n",  # a key ID and no signature
    TEXT + "\n" + "— PeterNeumann\n",
    TEXT + "\n" + PETER_SIG * 101,
    "\ud800" + TEXT + "\n" + PETER_SIG,  # a lone surrogate
])
def test_malformed_notes_are_rejected(message):
    with pytest.raises(note.MalformedNote):
        note.open_note(message, [peter])


def test_invalid_utf8_is_rejected():
    with pytest.raises(note.MalformedNote):
        note.open_note(b"\xff" + (TEXT + "\n" + PETER_SIG).encode(), [peter])


def test_a_wrong_key_name_or_key_id_is_an_unknown_key():
    renamed = PETER_SIG.replace("PeterNeumann", "PeterNeumann2")
    other_id = PETER_SIG.replace("x08g", "xxxx")
    for signature in (renamed, other_id):
        with pytest.raises(note.UnverifiedNote):
            note.open_note(TEXT + "\n" + signature, [peter])
        assert note.open_note(TEXT + "\n" + signature + PETER_SIG, [peter]).unverified


def test_tampered_text_fails_the_known_key():
    with pytest.raises(note.BadSignature):
        note.open_note(TEXT.replace("answer", "Answer") + "\n" + PETER_SIG, [peter])


@pytest.mark.parametrize(("text", "parse"), [(PETER_VKEY, note.Verifier.parse), (PETER_SKEY, note.Signer.parse)])
def test_every_mangled_key_text_is_rejected(text, parse):
    """As Go's TestNewVerifier and TestNewSigner: every proper substring, every byte moved by one."""
    manglings = {text[i:j] for i in range(len(text)) for j in range(i + 1, len(text) + 1)} - {text}
    manglings |= {text[:i] + chr(ord(c) + 1) + text[i + 1:] for i, c in enumerate(text)}
    for mangled in manglings:
        with pytest.raises(note.NoteError):
            parse(mangled)


@pytest.mark.parametrize("vkey", [
    "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",  # Go: wrong key length
    "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # Go: unknown algorithm
    "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    "Peter\u3000Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
])
def test_bad_verifier_keys_are_rejected(vkey):
    with pytest.raises(note.NoteError):
        note.Verifier.parse(vkey)


@pytest.mark.parametrize("name", ["", "a b", "a+b", "a\tb", "a\u00a0b", "a\u2028b", "a\x01b", "\ud800"])
def test_key_names_follow_the_spec(name):
    assert not note.is_valid_key_name(name)
    with pytest.raises(note.NoteError):
        note.Signer.generate(name)


def test_sign_and_open_round_trip_with_a_new_key():
    signer = note.Signer.generate("tenders.example.org/ledger")
    again = note.Signer.parse(str(signer))
    assert again == signer and "PRIVATE" not in repr(signer) and signer.seed.hex() not in repr(signer)
    verifier = note.Verifier.parse(str(signer.verifier()))
    text = "第一行\nsecond line\n\nafter a blank line\n"
    opened = note.open_note(note.sign(text, signer).encode(), [verifier])
    assert opened.text == text
    for bad_text in ("no final newline", "a NUL \x00\n", "a lone surrogate \ud800\n"):
        with pytest.raises(note.MalformedNote):
            note.sign(bad_text, signer)


def make_checkpoint(size=3, extensions=()):
    store = merkle.MemoryStore()
    for i in range(size):
        store.append(b"entry %d" % i)
    return note.Checkpoint("tenders.example.org/ledger", size, merkle.root(store.subtree, size), extensions)


def test_the_projects_checkpoint_verifies_with_an_independent_reader():
    signer = note.Signer.generate("tenders.example.org/ledger")
    checkpoint = make_checkpoint(5, ("an extension line",))
    signed = note.sign_checkpoint(checkpoint, signer)
    origin, size, root, extensions = independent_open_checkpoint(signed, str(signer.verifier()))
    assert (origin, size, root, extensions) == (checkpoint.origin, 5, checkpoint.root, ["an extension line"])
    forged = signed.replace("\n5\n", "\n6\n")
    with pytest.raises(InvalidSignature):
        independent_open_checkpoint(forged, str(signer.verifier()))


def test_an_independently_signed_checkpoint_verifies_here():
    private = Ed25519PrivateKey.generate()
    name = "tenders.example.org/ledger"
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key64 = base64.b64encode(bytes([1]) + public).decode()
    vkey = f"{name}+{independent_key_id(name, public).hex()}+{key64}"
    root = merkle.leaf_hash(b"only entry")
    signed = independent_sign(f"{name}\n1\n{base64.b64encode(root).decode()}\n", name, private)
    checkpoint = note.open_checkpoint(signed.encode(), note.Verifier.parse(vkey))
    assert (checkpoint.origin, checkpoint.size, checkpoint.root, checkpoint.extensions) == (name, 1, root, ())
    with pytest.raises(note.BadSignature):
        note.open_checkpoint(signed.replace("\n1\n", "\n2\n"), note.Verifier.parse(vkey))


def test_checkpoint_text_round_trips():
    checkpoint = make_checkpoint(7, ("ext one", "ext two"))
    assert note.Checkpoint.parse(checkpoint.text()) == checkpoint
    empty = note.Checkpoint("o", 0, merkle.EMPTY_ROOT)
    assert empty.text() == "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"


ROOT64 = base64.b64encode(merkle.EMPTY_ROOT).decode()


@pytest.mark.parametrize("text", [
    f"o\n01\n{ROOT64}\n",  # a leading zero
    f"o\n+1\n{ROOT64}\n",
    f"o\n 1\n{ROOT64}\n",
    f"o\n1 \n{ROOT64}\n",
    f"o\n1_0\n{ROOT64}\n",
    f"o\n\u0661\n{ROOT64}\n",  # an Arabic-Indic digit, which int() would take
    f"o\n-1\n{ROOT64}\n",
    f"o\n{2**64}\n{ROOT64}\n",
    f"\n1\n{ROOT64}\n",  # no origin
    f"o\n1\n{ROOT64}\n\n",  # an empty extension line
    f"o\n1\n{ROOT64}",  # no final newline
    "o\n1\n\n",
    f"o\n1\n{ROOT64[:-1]}\n",
    f"o\n1\n{base64.b64encode(merkle.EMPTY_ROOT[:31]).decode()}\n",  # 31 bytes
    f"o\n1\n{merkle.EMPTY_ROOT.hex()}\n",
    "o\n1\n",
])
def test_malformed_checkpoints_are_rejected(text):
    with pytest.raises(note.MalformedNote):
        note.Checkpoint.parse(text)


@given(st.binary(max_size=300))
def test_any_bytes_open_as_a_note_or_fail_cleanly(message):
    with pytest.raises(note.NoteError):
        note.open_note(message, [peter])


@given(st.text(max_size=200))
def test_any_text_parses_as_keys_and_checkpoints_or_fails_cleanly(text):
    for parse in (note.Verifier.parse, note.Signer.parse, note.Checkpoint.parse):
        with contextlib.suppress(note.NoteError):
            parse(text)
