"""The kinds of the first half of the lifecycle, each in its module, each registering itself
(notices.registry): the announcement, amendments and the termination."""

from . import amendment, announcement, termination  # noqa: F401
