import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db, settings):
    """The demo network of load_demo (which refuses to run with DEBUG off)."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
