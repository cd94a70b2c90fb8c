from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Stable pages however rows are added meanwhile; ``?page_size=`` up to 500."""

    ordering = "-created"
    page_size_query_param = "page_size"
    max_page_size = 500
