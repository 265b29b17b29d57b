"""Every indicator, in the order the tender page lists them: one module each."""

from ..indicator import Indicator
from . import r003, r018, r024, r028, r030, r035, r036, r038, r058, tb01, tb02, tb03, tb04, tb05

INDICATORS: tuple[Indicator, ...] = (
    r003.INDICATOR, r018.INDICATOR, r024.INDICATOR, r058.INDICATOR, r028.INDICATOR, r030.INDICATOR,
    r035.INDICATOR, r036.INDICATOR, tb01.INDICATOR, tb02.INDICATOR, tb03.INDICATOR, tb04.INDICATOR,
    r038.ENTITY, r038.BIDDER, tb05.INDICATOR,
)
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
TENDER_INDICATORS = tuple(i for i in INDICATORS if not i.board)
BOARD_INDICATORS = tuple(i for i in INDICATORS if i.board)
