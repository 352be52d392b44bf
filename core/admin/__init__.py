"""The admin of the coordinators: its site and the base of every admin that writes."""

from core.admin.actions import ReadOnlyAdmin, for_each
from core.admin.labels import TabularInline
from core.admin.services import InlineService, ServiceAdmin
from core.admin.site import IkoneAdminSite

__all__ = [
    "IkoneAdminSite",
    "InlineService",
    "ReadOnlyAdmin",
    "ServiceAdmin",
    "TabularInline",
    "for_each",
]
