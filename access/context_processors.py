def principal(request) -> dict:
    return {"principal": getattr(request, "principal", None)}
