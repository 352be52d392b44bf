"""A mail backend that fails the first sends, then delivers to the test outbox."""

import smtplib
import threading

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures_left = 0
    _lock = threading.Lock()

    def send_messages(self, messages):
        with FlakyBackend._lock:
            if FlakyBackend.failures_left > 0:
                FlakyBackend.failures_left -= 1
                raise smtplib.SMTPServerDisconnected("Verbindung zum Mailserver verloren")
        return super().send_messages(messages)
