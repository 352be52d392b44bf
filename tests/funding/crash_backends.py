"""A mail backend that "dies" right after the server accepted the n-th mail.

``WorkerDied`` is a BaseException, as a killed worker would be: nothing in
the engine catches it, so whatever was not committed before it is lost.
"""

from django.core.mail.backends.locmem import EmailBackend


class WorkerDied(BaseException):
    pass


class DyingBackend(EmailBackend):
    die_after: int | None = None

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if DyingBackend.die_after is not None:
            DyingBackend.die_after -= len(messages)
            if DyingBackend.die_after <= 0:
                DyingBackend.die_after = None
                raise WorkerDied
        return sent
