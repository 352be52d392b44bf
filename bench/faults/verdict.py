"""Counting and judging one fault run: pure functions, unit-tested in tests/bench."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    fault: str
    due: int
    sent: int  # mails the SMTP receiver accepted, duplicates included
    twice: int  # mails accepted more than once: the extra copies
    lost: int  # due mails never accepted
    crashes: int  # crashes injected (each may cost one duplicate)
    without_ics: int = 0  # meeting reminders that came without their .ics
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.twice <= self.crashes and self.without_ics == 0

    @property
    def verdict(self) -> str:
        if self.ok:
            return "ok"
        problems = []
        if self.lost:
            problems.append(f"{self.lost} lost")
        if self.twice > self.crashes:
            problems.append(f"{self.twice} twice > {self.crashes} crash(es)")
        if self.without_ics:
            problems.append(f"{self.without_ics} without .ics")
        return "FAIL: " + ", ".join(problems)


def count(
    fault: str,
    due_ids: Iterable[str],
    accepted_ids: Iterable[str],
    *,
    crashes: int,
    without_ics: int = 0,
    note: str = "",
) -> Row:
    """``accepted_ids``: the Message-ID of every mail the receiver accepted, in order."""
    due = set(due_ids)
    accepted = Counter(accepted_ids)
    return Row(
        fault=fault,
        due=len(due),
        sent=sum(accepted.values()),
        twice=sum(times - 1 for times in accepted.values() if times > 1),
        lost=len(due - accepted.keys()),
        crashes=crashes,
        without_ics=without_ics,
        note=note,
    )


def format_table(title: str, rows: list[Row]) -> str:
    lines = [
        f"### {title}",
        "",
        "| fault | due | mails sent | twice | lost | crashes | verdict | note |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row.fault} | {row.due:,} | {row.sent:,} | {row.twice:,} | {row.lost:,} "
            f"| {row.crashes} | {row.verdict} | {row.note} |"
        )
    return "\n".join(lines)


def all_ok(rows: list[Row]) -> bool:
    return bool(rows) and all(row.ok for row in rows)
