"""Domain errors: each carries an HTTP status, a code, and its message in Chinese and English.

Views never build error messages themselves; they let these propagate to one handler that
answers HTML or JSON in the reader's language.
"""

from dataclasses import dataclass, field
from dataclasses import field as default
from datetime import datetime


@dataclass
class DomainError(Exception):
    message: dict[str, str]  # {"zh": ..., "en": ...}
    code: str = "invalid"
    field: str | None = None
    status: int = 422
    rule: dict | None = None  # for rule violations: code, number, source, dates
    also: list["DomainError"] = default(default_factory=list)  # the other refusals found at once

    def __str__(self) -> str:
        return self.message.get("en") or next(iter(self.message.values()))

    def text(self, locale: str) -> str:
        return self.message.get(locale) or str(self)

    def as_json(self, locale: str) -> dict:
        body: dict = {"code": self.code, "message": self.text(locale)}
        if self.field:
            body["field"] = self.field
        if self.rule:
            body["rule"] = self.rule
        return {"error": body}


class Refusals:
    """Checks that do not depend on each other, all run: a form then shows every refusal at once.

        found = Refusals()
        members = found.check(lambda: committee(data))      # None when refused
        criteria = found.check(lambda: criteria(data))
        found.raise_any()                                   # the first, with the others in `also`
    """

    def __init__(self):
        self.found: list[DomainError] = []

    def check(self, run):
        try:
            return run()
        except DomainError as error:
            self.add(error)
            return None

    def add(self, error: DomainError) -> None:
        self.found.append(error)

    def raise_any(self) -> None:
        if self.found:
            first, *others = self.found
            first.also = [*first.also, *others]
            raise first


def invalid(field_name: str | None, zh: str, en: str, code: str = "invalid") -> DomainError:
    return DomainError({"zh": zh, "en": en}, code=code, field=field_name, status=422)


def not_found(zh: str = "未找到。", en: str = "Not found.") -> DomainError:
    return DomainError({"zh": zh, "en": en}, code="not_found", status=404)


def forbidden(zh: str = "无权执行此操作。", en: str = "You may not do this.") -> DomainError:
    return DomainError({"zh": zh, "en": en}, code="forbidden", status=403)


def conflict(zh: str, en: str, code: str = "conflict", field_name: str | None = None) -> DomainError:
    return DomainError({"zh": zh, "en": en}, code=code, field=field_name, status=409)


def stale_version(expected: int, current: int) -> DomainError:
    return conflict(
        f"该记录已被他人修改（您基于第 {expected} 版，当前为第 {current} 版），请刷新后重试。",
        f"This record was changed by someone else (you edited version {expected}, it is now "
        f"version {current}). Reload it and try again.",
        code="stale_version",
    )


@dataclass
class RuleViolation(DomainError):
    """A statutory rule refused the action. `rule` names it, its number, source and dates."""

    dates: dict[str, datetime] = field(default_factory=dict)
