from django.utils.functional import SimpleLazyObject


def roles(request) -> dict:
    """The user's roles for templates, looked up only if a template asks."""
    user = getattr(request, "user", None)

    def role(name: str) -> SimpleLazyObject:
        return SimpleLazyObject(
            lambda: bool(user and user.is_authenticated and getattr(user, name))
        )

    return {
        "is_coordinator": role("is_coordinator"),
        "is_ministry": role("is_ministry"),
        "is_municipal_staff": role("is_municipal_staff"),
    }
