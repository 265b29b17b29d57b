"""What an indicator is: its code, names and method in both languages, its threshold, the OCDS
fields it reads, its source, and the function that judges compiled releases.

A tender indicator judges one tender's compiled release alone; a board indicator judges all of
them together (outliers need the whole board) and says when there are too few to judge.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

CARDINAL = "Open Contracting Partnership, Cardinal (open-contracting/cardinal-rs, docs/cli/indicators)"
PROZORRO = "ProZorro risk indicators (ProzorroUKR/prozorro-risks)"
OWN = "本站（依项目的规则配置） / Tender Board (from the tender's rule profile)"


@dataclass(frozen=True)
class Flag:
    """One raised indicator: its code and the sentence that explains it, with the numbers."""

    code: str
    zh: str
    en: str

    @property
    def explanation(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: dict[str, str]  # {"zh": ..., "en": ...}
    measures: dict[str, str]  # what it measures, in a sentence
    method: dict[str, str]  # how, with its threshold
    threshold: dict[str, Decimal | int]  # the numbers the method uses
    fields: tuple[str, ...]  # the OCDS fields it reads
    source: str  # parts joined by "; ", each a work's title or "中文 / English" (names.cited)
    # A tender indicator: compiled release → the flag, if raised. A board indicator: every
    # compiled release → {ocid: flag}, and the note that says when it could not judge (or None).
    judge: Callable = field(repr=False)
    board: bool = False


@dataclass
class BoardJudgement:
    """A board indicator's answer: the flags it raised, by ocid, and what it could not judge."""

    flags: dict[str, Flag] = field(default_factory=dict)
    note: dict[str, str] | None = None
