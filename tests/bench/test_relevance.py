"""The relevance set (bench/relevance.py): search never silently gets worse.

The floors are the figures measured when the set was written (issue 15),
rounded down; ``make bench`` prints the same figures at scale."""

import io

import pytest
from django.core.management import call_command

from bench import relevance, scale

pytestmark = pytest.mark.django_db

# case: (precision@5, recall@10) at least
# (measured then: 1.0/0.963, 0.768/1.0, 0.979/0.976, 0.693/0.748; the similar
# projects since their bounded tiers and typos, with the typo titles added:
# 0.805/1.0 and 0.811/0.824)
FLOORS = {
    "catalogue, demo network": (0.95, 0.9),
    "similar projects, demo network": (0.75, 0.95),
    "catalogue, generator vocabulary": (0.9, 0.9),
    "similar projects, generator vocabulary": (0.75, 0.75),
}


@pytest.fixture
def network_and_synthetic_catalogue(settings):
    settings.DEBUG = True
    scale.generate(0.005, out=io.StringIO())  # 500 projects
    call_command("load_demo", stdout=io.StringIO())


def test_the_set_is_large_enough():
    assert len(relevance.DEMO_CATALOGUE) + len(relevance.VOCABULARY_CATALOGUE) >= 60
    assert len(relevance.DEMO_SIMILAR) + len(relevance.VOCABULARY_SIMILAR) >= 30
    subjects = {subject for subject, _gender in relevance.words.SUBJECTS}
    for _query, expected in relevance.VOCABULARY_CATALOGUE + relevance.VOCABULARY_SIMILAR:
        assert expected <= subjects


def test_precision_and_recall_stay_above_their_floors(network_and_synthetic_catalogue):
    figures = {f.case: f for f in relevance.evaluate()}
    print({case: f.as_json() for case, f in figures.items()})
    assert set(figures) == set(FLOORS)
    for case, (precision, recall) in FLOORS.items():
        assert figures[case].precision_at_5 >= precision, case
        assert figures[case].recall_at_10 >= recall, case


def test_a_typo_finds_the_project_it_means_first(network_and_synthetic_catalogue):
    assert relevance.typos_missed() == []
