"""Sign-in limits (登录限制) that cannot be turned against the user.

Only failed sign-ins are counted; a successful one never is, and it forgets the failures of its
own account from its own address. Three counters, each a number of failures within a window:

- an account from one address: 5 in 15 minutes — someone guessing one password;
- one address, any accounts: 20 in 15 minutes — someone trying many accounts;
- an account from everywhere: 50 in an hour — guessing spread over many addresses. Then the
  account's back-off is slower: each address that has failed on it in that hour may not try it
  again within the hour (one guess an hour instead of five a quarter).

Failures from other addresses never stop anyone: a correct password from an address that has
not failed itself always signs in. Failures are rows in the database, so every app server
counts the same ones, and they are forgotten after their window: no lockout is permanent.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from ..clock import now as clock_now
from ..extensions import db
from .models import LoginAttempt


@dataclass(frozen=True)
class Limit:
    failures: int
    window: timedelta


PAIR = Limit(5, timedelta(minutes=15))  # one account from one address
ADDRESS = Limit(20, timedelta(minutes=15))  # one address, whichever accounts
ACCOUNT = Limit(50, timedelta(hours=1))  # one account, from everywhere
UNDER_ATTACK = Limit(1, ACCOUNT.window)  # then, each address on that account
KEPT = max(PAIR.window, ADDRESS.window, ACCOUNT.window)


@dataclass(frozen=True)
class Keys:
    pair: str
    address: str
    account: str


@dataclass(frozen=True)
class Refusal:
    counter: str  # which limit was reached: "account_address", "address" or "account"
    seconds: int  # until the next attempt may be made


def keys(email: str | None, address: str | None) -> Keys:
    account = (email or "").strip().lower()
    address = address or "unknown"
    pair = hashlib.sha256(f"{account}\n{address}".encode()).hexdigest()
    return Keys(f"pair:{pair}", f"address:{address}"[:300], f"account:{account}"[:300])


def _wait(key: str, limit: Limit, now: datetime) -> int:
    """Seconds until `key` has fewer than `limit.failures` failures in its window; 0 if it has."""
    recent = list(db.session.scalars(
        select(LoginAttempt.at).where(LoginAttempt.key == key, LoginAttempt.at > now - limit.window)
        .order_by(LoginAttempt.at.desc()).limit(limit.failures)))
    if len(recent) < limit.failures:
        return 0
    return max(1, math.ceil((recent[-1] + limit.window - now).total_seconds()))


def refusal(email: str, address: str | None) -> Refusal | None:
    """Whether this sign-in must wait, and for how long; checked before the password is."""
    now, counted = clock_now(), keys(email, address)
    waits = [Refusal("account_address", _wait(counted.pair, PAIR, now)),
             Refusal("address", _wait(counted.address, ADDRESS, now))]
    if _wait(counted.account, ACCOUNT, now):
        waits.append(Refusal("account", _wait(counted.pair, UNDER_ATTACK, now)))
    longest = max(waits, key=lambda r: r.seconds)
    return longest if longest.seconds else None


def record_failure(email: str, address: str | None) -> None:
    """Count one failed sign-in for each counter; forget failures older than every window."""
    now, counted = clock_now(), keys(email, address)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - KEPT))
    db.session.add_all(LoginAttempt(key=key, at=now) for key in (counted.pair, counted.address, counted.account))
    db.session.flush()


def record_success(email: str, address: str | None) -> None:
    """A success from this address forgets its own failures on this account, nothing else."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == keys(email, address).pair))
    db.session.flush()
