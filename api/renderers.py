"""The API's JSON, written by orjson: the bytes REST framework's renderer writes, in a fraction of its time.

A page of 100 rows took REST framework's renderer (the standard library's ``json`` with its encoder class)
about a millisecond, as much as reading the page from the database. orjson writes the same compact UTF-8
JSON; whatever it has no native form for (a lazy translation, a Decimal, a date or time: REST framework
writes times its own way) goes through REST framework's encoder, as before. Indented output, asked for
with ``Accept: application/json; indent=4``, is left to REST framework.
"""

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

# What JavaScript reads as line ends inside a string: REST framework escapes them, so must we.
_LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None or self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            rendered = orjson.dumps(data, default=JSONEncoder().default, option=_OPTIONS)
        except orjson.JSONEncodeError:  # an integer beyond 64 bits, for one: the standard library writes it
            return super().render(data, accepted_media_type, renderer_context)
        for character, escaped in _LINE_SEPARATORS:
            if character in rendered:
                rendered = rendered.replace(character, escaped)
        return rendered
