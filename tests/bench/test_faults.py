"""The fault suite's counting and verdict (bench.faults.verdict), and its SMTP sink."""

import smtplib
import subprocess
import sys
import time
from pathlib import Path

from bench.faults import verdict
from bench.local import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_counts_due_sent_twice_and_lost_per_message():
    row = verdict.count("kill -9", ["a", "b", "c", "d"], ["a", "b", "b", "c", "b", "x"], crashes=2)
    assert (row.due, row.sent, row.twice, row.lost) == (4, 6, 2, 1)
    # 'd' never arrived: a loss fails whatever the duplicates.
    assert not row.ok
    assert row.verdict == "FAIL: 1 lost"


def test_one_duplicate_per_crash_is_allowed_more_is_not():
    once = verdict.count("crash", ["a", "b"], ["a", "a", "b"], crashes=1)
    assert once.ok and once.verdict == "ok"
    twice = verdict.count("crash", ["a", "b"], ["a", "a", "b", "b"], crashes=1)
    assert twice.verdict == "FAIL: 2 twice > 1 crash(es)"
    calm = verdict.count("no crash", ["a"], ["a", "a"], crashes=0)
    assert not calm.ok


def test_a_meeting_reminder_without_its_calendar_fails():
    row = verdict.count("ics", ["a"], ["a"], crashes=0, without_ics=1)
    assert row.verdict == "FAIL: 1 without .ics"


def test_table_and_overall_verdict():
    rows = [
        verdict.count("fine", ["a", "b"], ["a", "b"], crashes=0, note="3 s"),
        verdict.count("bad", ["a", "b"], ["a"], crashes=1),
    ]
    table = verdict.format_table("Reminders", rows)
    assert "| fault | due | mails sent | twice | lost | crashes | verdict | note |" in table
    assert "| fine | 2 | 2 | 0 | 0 | 0 | ok | 3 s |" in table
    assert "| bad | 2 | 1 | 0 | 1 | 1 | FAIL: 1 lost |  |" in table
    assert not verdict.all_ok(rows)
    assert verdict.all_ok(rows[:1])
    assert not verdict.all_ok([])


def test_the_sink_logs_what_it_accepted(tmp_path):
    port = free_port()
    log = tmp_path / "sink.log"
    sink = subprocess.Popen(
        [sys.executable, "-m", "bench.faults.smtp_sink", "--port", str(port), "--log", str(log)],
        cwd=ROOT,
    )
    try:
        for _ in range(200):
            try:
                client = smtplib.SMTP("127.0.0.1", port, timeout=5)
                break
            except OSError:
                time.sleep(0.05)
        body = (
            "Message-ID: <reminder.funding.7.3.vor-1@example.org>\r\nTo: a@example.org\r\n"
            "Subject: x\r\n\r\n.hello https://x/foerderung/nachweise/7/einreichen/\r\n"
        )
        client.sendmail("portal@example.org", ["a@example.org"], body)
        client.quit()
    finally:
        sink.kill()
        sink.wait()
    assert log.read_text() == (
        "<reminder.funding.7.3.vor-1@example.org>\ta@example.org\tfunding.7\t0\n"
    )
