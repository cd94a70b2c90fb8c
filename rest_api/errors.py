"""Errors the API's resources answer with, beyond REST framework's own."""

from django.core.exceptions import ValidationError
from rest_framework import exceptions, status


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"


def validation_error(error: ValidationError) -> exceptions.ValidationError:
    """A service's refusal (Django's ``ValidationError``) as the API answers it: messages per field."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError({name: messages for name, messages in error.message_dict.items()})
    return exceptions.ValidationError({"detail": error.messages})
