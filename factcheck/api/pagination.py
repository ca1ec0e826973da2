from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from factcheck.pagination import BoundedPaginator


class CappedPageNumberPagination(PageNumberPagination):
    """Clients may ask for up to 100 rows a page; more would let one request pull the whole desk.

    A `page_size` that is not a whole number of at least 1 is a 400, never silently the default.

    `count` is exact up to settings.LIST_COUNT_LIMIT rows (`count_exact` true); past it, it is that limit, a lower bound
    (`count_exact` false), and every page is still reachable by number: `next` is null on the last one.
    Counting a million claims for every page cost more than the page itself.
    """

    django_paginator_class = BoundedPaginator
    last_page_strings = ()  # "last" is not a page number: past the counted rows it is not known

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    page_query_description = _("The page (1 is the first). A page past the last one is a 404.")
    page_size_query_description = _("Rows a page: 25 unless asked; a number above 100 gives 100.")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and (not raw.isascii() or not raw.isdigit() or int(raw) < 1):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        gettext("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return super().get_page_size(request)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_exact": paginator.exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"]["description"] = gettext(
            "The number of rows, up to %(limit)d; past it, %(limit)d (a lower bound: see count_exact)."
        ) % {"limit": settings.LIST_COUNT_LIMIT}
        properties["count_exact"] = {
            "type": "boolean",
            "description": gettext("false: there are more rows than count says; follow next to the last page."),
        }
        response["properties"] = {
            "count": properties["count"],
            "count_exact": properties["count_exact"],
            **{k: v for k, v in properties.items() if k not in ("count", "count_exact")},
        }
        response["required"] = ["count", "count_exact", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        # Both are whole numbers of at least 1: a 0 or a word is a 400 (page_size) or a 404 (page), not a default.
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
