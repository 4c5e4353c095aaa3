from .choices import ColumnType, GuaranteeMode, SiteKind, SiteStatus, UnitRole
from .pages import MAX_COLUMN_DEPTH, MAX_COLUMN_LEVELS, ColumnPage, ColumnUnit, SiteHomePage
from .records import FILINGS, SiteRecord

__all__ = [
    "FILINGS",
    "MAX_COLUMN_DEPTH",
    "MAX_COLUMN_LEVELS",
    "ColumnPage",
    "ColumnType",
    "ColumnUnit",
    "GuaranteeMode",
    "SiteHomePage",
    "SiteKind",
    "SiteRecord",
    "SiteStatus",
    "UnitRole",
]
