"""The periodic tasks Celery beat runs and the reminder engine's timing (part
of ikone.settings)."""

from datetime import timedelta

from ikone.env import env_int

# Periodic tasks: each dispatcher runs every few minutes and sends what is due.
REMINDER_DISPATCH_INTERVAL = timedelta(minutes=5)
CELERY_BEAT_SCHEDULE = {
    "funding-reporting-reminders": {
        "task": "funding.tasks.dispatch_reporting_reminders",
        "schedule": REMINDER_DISPATCH_INTERVAL,
    },
    "projects-current-reminders": {
        "task": "projects.tasks.dispatch_current_reminders",
        "schedule": REMINDER_DISPATCH_INTERVAL,
    },
    "follows-dispatch-notices": {
        "task": "projects.tasks.dispatch_follow_mails",
        "schedule": REMINDER_DISPATCH_INTERVAL,
    },
    # Every few minutes too: a run claims the last complete week once; the
    # first run after Monday 00:00 sends the week's digests.
    "follows-dispatch-digests": {
        "task": "projects.tasks.dispatch_digests",
        "schedule": REMINDER_DISPATCH_INTERVAL,
    },
    "events-dispatch-reminders": {
        "task": "events.tasks.dispatch_event_reminders",
        "schedule": REMINDER_DISPATCH_INTERVAL,
    },
    # Ended sessions are deleted within a day (the privacy page says so).
    "members-clear-expired-sessions": {
        "task": "members.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=24),
    },
}
# A reminder being sent is leased to its dispatcher for this long; a lease
# older than that belongs to a crashed dispatcher and the row is sent by the
# next one. Longer than one mail can take (EMAIL_TIMEOUT), see core.reminders.
REMINDER_SENDING_LEASE_SECONDS = env_int("REMINDER_SENDING_LEASE_SECONDS", 120)
# /healthz answers 503 when a due mail has waited longer than one dispatch
# interval plus this margin: the worker or beat is not running.
REMINDER_STALE_AFTER = REMINDER_DISPATCH_INTERVAL + timedelta(
    seconds=env_int("REMINDER_STALE_MARGIN_SECONDS", 10 * 60)
)
