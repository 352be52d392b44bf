"""The admin of the coordinators: its site and the base of every admin that writes."""

from core.admin.services import InlineService, ServiceAdmin
from core.admin.site import IkoneAdminSite

__all__ = ["IkoneAdminSite", "InlineService", "ServiceAdmin"]
