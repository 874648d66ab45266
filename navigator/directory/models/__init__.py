"""The service directory's models (HSDS-shaped: organisation, service, location, schedule)."""

from navigator.directory.models.city import City, CityTranslation, EmergencyNumber, Holiday
from navigator.directory.models.location import Location, LocationTranslation
from navigator.directory.models.organisation import Organisation, OrganisationTranslation
from navigator.directory.models.schedule import (
    LocationException,
    LocationSlot,
    ScheduleException,
    ServiceAtLocation,
    WeeklySlot,
)
from navigator.directory.models.service import (
    ContactChannel,
    EligibilityRule,
    Service,
    ServiceStatus,
    ServiceTranslation,
)
from navigator.directory.models.taxonomy import Area, Document, Topic

__all__ = [
    "Area",
    "City",
    "CityTranslation",
    "ContactChannel",
    "Document",
    "EligibilityRule",
    "EmergencyNumber",
    "Holiday",
    "Location",
    "LocationException",
    "LocationSlot",
    "LocationTranslation",
    "Organisation",
    "OrganisationTranslation",
    "ScheduleException",
    "Service",
    "ServiceAtLocation",
    "ServiceStatus",
    "ServiceTranslation",
    "Topic",
    "WeeklySlot",
]
