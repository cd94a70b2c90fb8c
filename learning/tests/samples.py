"""Small files the learning tests upload: a real (one-pixel) PNG, and what pretends to be one."""

import base64

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
# An HTML page named .png: refused, whatever its name says.
FAKE_PNG = b"<html><script>alert(1)</script></html>"
