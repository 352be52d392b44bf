"""``python -m ikone.liveness worker|beat``: the compose health checks."""

import os
import time

import pytest

from ikone import liveness


def test_beat_is_alive_while_its_schedule_is_fresh(tmp_path):
    schedule = tmp_path / "celerybeat-schedule"
    (tmp_path / "celerybeat-schedule.dat").write_bytes(b"")  # dbm.dumb adds a suffix
    assert liveness.main(["beat", f"--schedule={schedule}", "--max-age=60"]) == 0


def test_beat_is_not_alive_with_a_stale_or_missing_schedule(tmp_path):
    schedule = tmp_path / "celerybeat-schedule"
    assert liveness.main(["beat", f"--schedule={schedule}", "--max-age=60"]) == 1
    schedule.write_bytes(b"")
    an_hour_ago = time.time() - 3600
    os.utime(schedule, (an_hour_ago, an_hour_ago))
    assert liveness.main(["beat", f"--schedule={schedule}", "--max-age=60"]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_answers_and_an_absent_one_does_not(celery_worker):
    assert liveness.main(["worker", f"--node={celery_worker.hostname}", "--timeout=5"]) == 0
    assert liveness.main(["worker", "--node=celery@nowhere", "--timeout=1"]) == 1
