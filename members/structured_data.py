"""schema.org for municipalities: a GovernmentOrganization, the AGS as identifier."""

from typing import Any

from core.structured_data import CONTEXT, absolute
from members.models import Municipality

AGS_PROPERTY = "Amtlicher Gemeindeschlüssel"


def municipality_organisation(municipality: Municipality) -> dict[str, Any]:
    """The municipality as a node other pages embed (no @context)."""
    data: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": municipality.official_name or municipality.name,
        "url": absolute(municipality.get_absolute_url()),
    }
    if municipality.official_name and municipality.official_name != municipality.name:
        data["alternateName"] = municipality.name
    if municipality.ags:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": AGS_PROPERTY,
            "value": municipality.ags,
        }
    if municipality.website:
        data["sameAs"] = municipality.website
    return data


def municipality_page(municipality: Municipality) -> dict[str, Any]:
    data = {"@context": CONTEXT, **municipality_organisation(municipality)}
    if municipality.latitude is not None and municipality.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(municipality.latitude),
            "longitude": float(municipality.longitude),
        }
    if municipality.district:
        data["areaServed"] = {"@type": "AdministrativeArea", "name": municipality.district}
    data["address"] = {
        "@type": "PostalAddress",
        "addressRegion": "Rheinland-Pfalz",
        "addressCountry": "DE",
    }
    return data
