from .folders import LibraryRoot, UnitLibrary
from .guides import GUIDE_ROWS, GuideForm, ServiceGuide
from .placements import Placement, PlacementOrigin
from .policy import IndexNumberSequence, PolicyDocument, PolicyInterpretation, Subject, Validity
from .resources import (
    AfterExpiry,
    Article,
    LeaderProfile,
    LinkResource,
    Notice,
    OrgFunctions,
    Overview,
    Resource,
    ResourceAttachment,
)
from .submissions import Submission, SubmissionStatus
from .topics import SpecialTopic

RESOURCE_TYPES = (
    Article,
    Notice,
    PolicyDocument,
    PolicyInterpretation,
    ServiceGuide,
    LinkResource,
    Overview,
    OrgFunctions,
    LeaderProfile,
    SpecialTopic,
)

__all__ = [
    "GUIDE_ROWS",
    "RESOURCE_TYPES",
    "AfterExpiry",
    "Article",
    "GuideForm",
    "IndexNumberSequence",
    "LeaderProfile",
    "LibraryRoot",
    "LinkResource",
    "Notice",
    "OrgFunctions",
    "Overview",
    "Placement",
    "PlacementOrigin",
    "PolicyDocument",
    "PolicyInterpretation",
    "Resource",
    "ResourceAttachment",
    "ServiceGuide",
    "SpecialTopic",
    "Subject",
    "Submission",
    "SubmissionStatus",
    "UnitLibrary",
    "Validity",
]
