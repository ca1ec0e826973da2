from rest_framework.pagination import PageNumberPagination


class CappedPageNumberPagination(PageNumberPagination):
    """Clients may ask for up to 100 rows a page; more would let one request pull the whole desk."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
