"""``make faults``: reminders measured under crashes (``python -m bench.faults``).

Its own Redis on a free port, real Celery workers, a tiny SMTP receiver on
loopback (``smtp_sink``), due reminders in the database ``ikone_faults``; for
each fault a dispatch, the fault injected mid-run, recovery, and a count per
Message-ID of what was due, sent, sent twice and lost (``verdict``).
"""
