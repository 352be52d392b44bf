"""The attacks of issue 11, their outcomes and the table ``make attacks`` prints.

Each attack is a function registered with ``@attack(number, title, before)``;
it gets the running servers (``Target``) and returns a ``Finding``: what it
got now and whether that holds. An attack that raises did not hold either (its
error is what it got). Nothing here talks to a server, so the table and the
verdicts are tested without one (tests/bench/test_attacks.py).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

HELD = "held"
FAILED = "FAILED"


@dataclass
class Finding:
    """What one attack got now; ``held`` is False if any check failed."""

    now: str
    held: bool
    failures: list[str] = field(default_factory=list)


class Checks:
    """Collects an attack's observations and failed expectations into a Finding."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.failures: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)

    def expect(self, condition: bool, text: str) -> bool:
        """Note ``text``; if ``condition`` is false it is a failure as well."""
        self.notes.append(text if condition else f"NOT: {text}")
        if not condition:
            self.failures.append(text)
        return condition

    def finding(self) -> Finding:
        return Finding(now="; ".join(self.notes), held=not self.failures, failures=self.failures)


@dataclass(frozen=True)
class Attack:
    number: int
    title: str
    before: str
    run: Callable[[Any], Finding]


@dataclass
class Outcome:
    attack: Attack
    finding: Finding

    @property
    def verdict(self) -> str:
        return HELD if self.finding.held else FAILED


ATTACKS: dict[int, Attack] = {}
# The modules whose attacks ``all_attacks`` registers, by their numbers in the issue.
MODULES = ("bench.attacks.content", "bench.attacks.load", "bench.attacks.access")


def attack(number: int, title: str, before: str) -> Callable:
    """Register an attack under its number in the issue."""

    def register(function: Callable[[Any], Finding]) -> Callable[[Any], Finding]:
        if number in ATTACKS:
            raise ValueError(f"attack {number} is registered twice")
        ATTACKS[number] = Attack(number, title, before, function)
        return function

    return register


def all_attacks() -> dict[int, Attack]:
    """Every attack, by number (importing a module registers its attacks)."""
    for module in MODULES:
        import_module(module)
    return dict(sorted(ATTACKS.items()))


def run_attack(item: Attack, target: Any) -> Outcome:
    try:
        finding = item.run(target)
    except Exception as error:  # noqa: BLE001 - an attack that breaks did not hold
        finding = Finding(now=f"error: {type(error).__name__}: {error}", held=False)
    return Outcome(item, finding)


def run_all(target: Any, only: set[int] | None = None, report=print) -> list[Outcome]:
    outcomes = []
    for number, item in all_attacks().items():
        if only and number not in only:
            continue
        started = time.monotonic()
        outcome = run_attack(item, target)
        seconds = time.monotonic() - started
        report(f"attack {number} ({item.title}): {outcome.verdict} in {seconds:.0f} s")
        outcomes.append(outcome)
    return outcomes


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_table(outcomes: list[Outcome]) -> str:
    """A Markdown table: attack | before (issue 11) | now | verdict."""
    lines = [
        "| attack | before (issue 11) | now | verdict |",
        "| --- | --- | --- | --- |",
    ]
    for outcome in outcomes:
        item = outcome.attack
        lines.append(
            f"| {item.number}. {_cell(item.title)} | {_cell(item.before)} "
            f"| {_cell(outcome.finding.now)} | {outcome.verdict} |"
        )
    return "\n".join(lines)


def exit_code(outcomes: list[Outcome]) -> int:
    """0 if every attack held, else 1."""
    return 0 if outcomes and all(outcome.finding.held for outcome in outcomes) else 1
