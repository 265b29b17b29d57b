"""Tender Board's verifiable record, without the server.

- `merkle`: the RFC 6962 / RFC 9162 Merkle tree — hashes, roots, inclusion and consistency proofs,
  generated from stored perfect-subtree hashes and verified.
- `note`: C2SP signed notes with Ed25519, verifier and signer keys, tlog checkpoints.
- `client`, `state`, `check`, `cli`: the watcher's `tender-board-verify` command.

The board's server imports `merkle` and `note` from here, so that what it publishes and what
watchers check are computed by the same code.
"""

__version__ = "0.1.0"
