"""The two ways a check ends without success, each with its exit status."""


class VerificationFailed(Exception):
    """The board failed a check: its log is not what it signed, or not what it showed before.

    ``evidence`` is the board's signed checkpoint that was rejected, when it proves something.
    """

    exit_status = 1

    def __init__(self, message: str, evidence: str | None = None) -> None:
        super().__init__(message)
        self.evidence = evidence


class CannotVerify(Exception):
    """The check could not be made: the board unreachable, an answer malformed, the state file damaged."""

    exit_status = 3


class UsageError(Exception):
    """The command was asked something it cannot do."""

    exit_status = 2
