"""The ``markdown`` bench case: the worst inputs render to what CommonMark says,
and the case runs (its times go into ``make bench``, never into a test)."""

import pytest

from bench.worst_markdown import WORST_INPUTS, markdown_case
from projects.markup import MAX_DESCRIPTION_LENGTH, render_markdown, unsafe_markup

REL = 'rel="noopener noreferrer nofollow"'


def test_every_worst_input_is_a_description_one_may_save():
    for name, text in WORST_INPUTS.items():
        assert len(text) <= MAX_DESCRIPTION_LENGTH, name
        assert unsafe_markup(text) == [], name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("9,000 [", "<p>" + "[" * 9_000 + "</p>"),
        ("20,000 [", "<p>" + "[" * 20_000 + "</p>"),
        ("10,000 ![", "<p>" + "![" * 10_000 + "</p>"),
        ("unclosed emphasis *a **a", "<p>" + ("*a **a " * 2_857).strip() + "</p>"),
        ("nested link labels [[…a…]]", "<p>" + "[" * 9_999 + "a" + "]" * 9_999 + "</p>"),
        ("unclosed links [](", "<p>" + "[](" * 6_666 + "</p>"),
        ("tags without end <a", "<p>" + "&lt;a " * 6_665 + "&lt;a</p>"),
        ("growing backtick runs", "<p>" + WORST_INPUTS["growing backtick runs"] + "</p>"),
    ],
)
def test_worst_inputs_stay_text(name, expected):
    assert render_markdown(WORST_INPUTS[name]) == expected


def test_nested_emphasis_is_balanced():
    html = render_markdown(WORST_INPUTS["nested emphasis ***…a…***"])
    assert html.startswith("<p><em><strong><strong>")
    assert html.count("<strong>") == html.count("</strong>") == 4_999
    assert html.count("<em>") == html.count("</em>") == 1


def test_alternating_emphasis_pairs_up():
    html = render_markdown(WORST_INPUTS["alternating *_"])
    assert html.startswith("<p><em>_</em><em>*</em>")
    assert html.count("<em>") == html.count("</em>") == 6_666
    assert html.endswith("*_</p>")


def test_a_chain_of_link_references_resolves_each_link_once():
    html = render_markdown(WORST_INPUTS["link reference chain"])
    assert html.startswith(f'<p><a href="/u1" {REL}>r0</a><a href="/u2" {REL}>r1</a>')
    assert html.count("<a ") == 699


def test_nesting_stops_at_the_parsers_limit():
    quotes = render_markdown(WORST_INPUTS["nested block quotes"])
    assert quotes.count("<blockquote>") == quotes.count("</blockquote>") < 30
    lists = render_markdown(WORST_INPUTS["nested lists"])
    assert lists.count("<ul>") == lists.count("</ul>") < 30


def test_unclosed_html_is_dropped_by_the_sanitiser():
    assert render_markdown(WORST_INPUTS["unclosed HTML attributes"]).strip() == ""


def test_a_wide_table_is_padded_up_to_the_parsers_cap_only():
    html = render_markdown(WORST_INPUTS["table of 3,000 columns"])
    assert html.count("<th>") == 3_000
    # markdown-it pads short rows with empty cells, at most 65,536 of them.
    assert 60_000 < html.count("<td></td>") <= 65_536 + 3_000


@pytest.mark.django_db
def test_the_bench_case_reports_every_input_and_the_replayed_attack(coordinator, speyer):
    result = markdown_case(repeat=1)
    assert set(result.extra["per_input_ms"]) == set(WORST_INPUTS)
    assert result.extra["create_ms"] > 0 and result.extra["api_detail_p50_ms"] > 0
    assert result.target == {"max_ms_per_input": 2_000}
