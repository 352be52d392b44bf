"""REST API of projects: serializers, filters and viewsets (under /api/v1/)."""
