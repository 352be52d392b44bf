def roles(request) -> dict:
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "is_coordinator": authenticated and user.is_coordinator,
        "is_ministry": authenticated and user.is_ministry,
        "is_municipal_staff": authenticated and user.is_municipal_staff,
    }
