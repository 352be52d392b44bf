"""A worker keeps freed memory for the next report (ikone.memory; ikone.wsgi asks it)."""

import resource

import pytest

from ikone.memory import keep_freed_memory

REPORT = 9_000_000  # a report by city at --scale 3, in bytes


def _page_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def test_the_next_report_reuses_the_pages_of_the_last():
    if not keep_freed_memory():
        pytest.skip("the C library is not glibc")
    last = b"x" * REPORT
    del last
    before = _page_faults()
    report = b"y" * REPORT
    faults = _page_faults() - before
    assert len(report) == REPORT
    assert faults < 100  # not some 2,200 pages faulted in afresh
