"""``make attacks``: the table and the verdicts, without a server (the attacks
themselves run only under ``make attacks``)."""

from bench.attacks.registry import (
    FAILED,
    HELD,
    Attack,
    Checks,
    Finding,
    Outcome,
    all_attacks,
    exit_code,
    format_table,
    run_all,
    run_attack,
)


def test_every_attack_of_the_issue_is_registered_with_what_it_did_before():
    attacks = all_attacks()
    assert list(attacks) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert all(item.title and item.before for item in attacks.values())
    assert "26 s" in attacks[1].before and "500" in attacks[3].before


def _attack(number: int, run) -> Attack:
    return Attack(number, f"attack {number}", "it got through", run)


def _held(target) -> Finding:
    checks = Checks()
    checks.expect(True, "answered 400")
    return checks.finding()


def _got_through(target) -> Finding:
    checks = Checks()
    checks.note("2 requests")
    checks.expect(False, "create | read under 1 s")
    checks.expect(True, "no 500")
    return checks.finding()


def _broken(target):
    raise ConnectionError("server gone")


def test_an_attack_holds_only_if_every_expectation_held():
    held = run_attack(_attack(1, _held), target=None)
    assert held.verdict == HELD and held.finding.now == "answered 400"
    failed = run_attack(_attack(2, _got_through), target=None)
    assert failed.verdict == FAILED
    assert failed.finding.now == "2 requests; NOT: create | read under 1 s; no 500"
    assert failed.finding.failures == ["create | read under 1 s"]


def test_an_attack_that_breaks_did_not_hold():
    outcome = run_attack(_attack(3, _broken), target=None)
    assert outcome.verdict == FAILED
    assert outcome.finding.now == "error: ConnectionError: server gone"


def test_the_table_has_a_row_per_attack_with_its_verdict():
    outcomes = [
        run_attack(_attack(1, _held), target=None),
        run_attack(_attack(2, _got_through), target=None),
    ]
    lines = format_table(outcomes).splitlines()
    assert lines[0] == "| attack | before (issue 11) | now | verdict |"
    assert lines[2] == "| 1. attack 1 | it got through | answered 400 | held |"
    # a | in a text does not break the row
    assert lines[3].endswith("NOT: create \\| read under 1 s; no 500 | FAILED |")
    assert len(lines) == 4


def test_the_exit_code_is_zero_only_if_all_held():
    held = Outcome(_attack(1, _held), Finding("ok", held=True))
    failed = Outcome(_attack(2, _held), Finding("got through", held=False))
    assert exit_code([held]) == 0
    assert exit_code([held, failed]) == 1
    assert exit_code([]) == 1  # nothing run is nothing shown to hold


def test_only_the_chosen_attacks_run(monkeypatch):
    ran = []

    def record(target):
        ran.append(target)
        return Finding("ok", held=True)

    attacks = {n: _attack(n, record) for n in (1, 2, 3)}
    monkeypatch.setattr("bench.attacks.registry.all_attacks", lambda: attacks)
    lines = []
    outcomes = run_all("target", only={2}, report=lines.append)
    assert [outcome.attack.number for outcome in outcomes] == [2]
    assert ran == ["target"] and len(lines) == 1
    assert lines[0].startswith("attack 2 (attack 2): held in ")
