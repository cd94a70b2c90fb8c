def username_from_credentials(request, credentials: dict | None) -> str | None:
    """The address being tried, so django-axes locks out (address, IP) pairs.

    allauth authenticates with ``email=``; the sign-in form posts ``login``.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login")
    return value.strip().lower() if value else None
