"""The kinds of notice that carry bids and evaluations, each in its module, each registering itself
(notices.registry): the opening record, the failure notice, the candidates, the result and the
contract."""

from . import candidates, contract, failure, opening, result  # noqa: F401
