"""Celery against the real Redis: broker and result backend from REDIS_URL, JSON only."""

import pytest
from django.conf import settings
from kombu.exceptions import EncodeError

from ikone.celery import app as celery_app


@celery_app.task(name="tests.members.test_celery.add")
def add(a: int, b: int) -> int:
    return a + b


def test_a_task_runs_on_the_worker_and_its_result_comes_back(celery_worker):
    result = add.delay(2, 3)
    assert result.get(timeout=60) == 5
    assert result.successful()


def test_only_json_goes_over_the_wire(celery_worker):
    with pytest.raises(EncodeError):
        add.delay(object(), 1)


def test_configuration_from_redis_url():
    assert settings.REDIS_URL
    conf = celery_app.conf
    assert conf.broker_url == settings.REDIS_URL
    assert conf.result_backend == settings.REDIS_URL
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_serializer == "json"
    assert conf.result_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.timezone == "Europe/Berlin"
