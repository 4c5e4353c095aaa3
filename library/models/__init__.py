from .folders import LibraryRoot, UnitLibrary
from .placements import Placement, PlacementOrigin
from .resources import Article, Resource

__all__ = ["Article", "LibraryRoot", "Placement", "PlacementOrigin", "Resource", "UnitLibrary"]
