from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class CappedPageNumberPagination(PageNumberPagination):
    """Clients may ask for up to 100 rows a page; more would let one request pull the whole desk.

    A `page_size` that is not a whole number of at least 1 is a 400, never silently the default.
    """

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

    def get_schema_operation_parameters(self, view):
        # Both are whole numbers of at least 1: a 0 or a word is a 400 (page_size) or a 404 (page), not a default.
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
