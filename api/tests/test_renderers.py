"""The API's JSON renderer writes exactly what REST framework's own would, only faster."""

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as FrameworkRenderer

from api.renderers import JSONRenderer

PAGE = {
    "next": "https://enlace.example.org/api/v1/nominations/?cursor=eyJyIjowfQ%3D%3D",
    "previous": None,
    "results": [
        {
            "code": uuid.UUID("12345678-1234-5678-1234-567812345678"),
            "name": "Mesa de Guardia — Ciudad de México",
            "note": "line\u2028separator\u2029paragraph",
            "arabic": "نقطة اتصال",
            "starts_on": date(2026, 11, 30),
            "created": datetime(2026, 11, 30, 2, 3, 4, 567891, tzinfo=UTC),
            "opens_at": time(9, 30, 15, 250000),
            "weight": Decimal("1.50"),
            "label": gettext_lazy("Active"),
            "counts": {1: 2, "three": [True, False, 0.5]},
        }
    ],
}


@pytest.mark.parametrize("accepted", [None, "application/json"])
def test_the_renderer_writes_the_same_bytes_as_rest_frameworks(accepted):
    assert JSONRenderer().render(PAGE, accepted) == FrameworkRenderer().render(PAGE, accepted)


def test_indented_output_asked_for_in_the_accept_header_is_still_indented():
    rendered = JSONRenderer().render(PAGE, "application/json; indent=4")
    assert rendered == FrameworkRenderer().render(PAGE, "application/json; indent=4")
    assert b'\n    "next"' in rendered


def test_an_integer_beyond_64_bits_is_written_as_rest_framework_writes_it():
    assert JSONRenderer().render({"n": 2**70}) == b'{"n":1180591620717411303424}'
