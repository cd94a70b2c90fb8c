from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination


class CursorPagination(pagination.CursorPagination):
    """Stable pages however rows are added meanwhile; ``?page_size=`` up to 500.

    A cursor is only ever one Enlace wrote, but a client may send anything: a cursor that cannot be read,
    or whose position is not a value of the ordering field, is the client's error (400), never a crash.
    """

    ordering = "-created"
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_cursor_message = _("This cursor is not valid: use the “next” or “previous” link of a page as given.")

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise self._invalid() from None
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str) -> None:
        """The position must read as a value of the first ordering field (a date for ``created``...)."""
        if "\x00" in position:
            raise self._invalid()
        try:
            field = self._model._meta.get_field(self.ordering[0].lstrip("-"))
        except FieldDoesNotExist:
            return
        try:
            field.to_python(position)
        except (DjangoValidationError, TypeError, ValueError, OverflowError):
            raise self._invalid() from None

    def _invalid(self) -> exceptions.ValidationError:
        return exceptions.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})
