"""EMAIL_URL=filemail:// writes mails as files under var/mail (or a given path)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEND = """
import django
django.setup()
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
connection = get_connection()
EmailMessage("Betreff", "Hallo", to=["a@example.org"], connection=connection).send()
print(settings.EMAIL_FILE_PATH)
"""


def _send_with(email_url: str, var_dir: Path) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ikone.settings",
        "EMAIL_URL": email_url,
        "IKONE_VAR_DIR": str(var_dir),
    }
    done = subprocess.run(
        [sys.executable, "-c", SEND], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("email_url", ["filemail://", "filemail:///{tmp}/elsewhere"])
def test_file_backend_writes_each_mail_as_a_file(tmp_path, email_url):
    var_dir = tmp_path / "var"
    expected = var_dir / "mail" if email_url == "filemail://" else tmp_path / "elsewhere"
    path = _send_with(email_url.format(tmp=str(tmp_path).lstrip("/")), var_dir)
    assert Path(path) == expected
    [written] = list(expected.iterdir())
    assert "Subject: Betreff" in written.read_text()
