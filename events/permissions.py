"""Who may do what with meetings (docs/architecture.md, "Who may do what").

| action                         | public | staff of a city | coordinator   | ministry |
| register / cancel              | no     | themselves      | anyone        | no       |
| participant list               | no     | cities only     | names, export | no       |
| publish, cancel, mark attended | no     | no              | yes           | no       |
"""

from events.models import Registration


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def may_register(user) -> bool:
    """Whether ``user`` can hold a registration at all."""
    return _authenticated(user) and (user.is_municipal_staff or user.is_coordinator)


def may_manage(user) -> bool:
    """Coordinators run meetings: publish, cancel, register anyone, mark attended."""
    return _authenticated(user) and user.is_coordinator


def may_cancel_registration(user, registration: Registration) -> bool:
    """One's own registration; coordinators anyone's."""
    return _authenticated(user) and (user.pk == registration.user_id or may_manage(user))


def may_see_participating_cities(user) -> bool:
    return _authenticated(user) and (user.is_municipal_staff or user.is_coordinator)


def may_see_participant_names(user) -> bool:
    return may_manage(user)


def may_see_online_link(user, event) -> bool:
    """Coordinators and people holding a seat (``own_status`` from the selectors)."""
    return may_manage(user) or getattr(event, "own_status", None) in Registration.SEATED
