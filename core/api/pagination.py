from rest_framework import pagination

MAX_PAGE = 2**31 - 1


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of 20 (``page_size`` 1–100). The schema states the bounds and
    ``core.api.query`` holds requests to them: a page size of 0, 101 or "x" is
    a 400, not quietly the default; a page after the last is a 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()  # ``?page=last`` is not an integer

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1, "maximum": MAX_PAGE},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
