from .choices import ColumnType, GuaranteeMode, SiteKind, SiteStatus, UnitRole
from .pages import MAX_COLUMN_DEPTH, MAX_COLUMN_LEVELS, ColumnPage, ColumnSource, ColumnUnit, SiteHomePage
from .records import FILINGS, SiteRecord

__all__ = [
    "FILINGS",
    "MAX_COLUMN_DEPTH",
    "MAX_COLUMN_LEVELS",
    "ColumnPage",
    "ColumnSource",
    "ColumnType",
    "ColumnUnit",
    "GuaranteeMode",
    "SiteHomePage",
    "SiteKind",
    "SiteRecord",
    "SiteStatus",
    "UnitRole",
]
