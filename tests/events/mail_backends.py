"""A mail backend that fails a set number of sends, then delivers like locmem."""

import smtplib
import threading

from django.core.mail.backends import locmem


class FlakyBackend(locmem.EmailBackend):
    failures_left = 0
    _lock = threading.Lock()

    def send_messages(self, messages):
        with FlakyBackend._lock:
            if FlakyBackend.failures_left > 0:
                FlakyBackend.failures_left -= 1
                raise smtplib.SMTPServerDisconnected("Mailserver nicht erreichbar (Test)")
        return super().send_messages(messages)
