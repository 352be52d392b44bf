"""``slug_links`` gives exactly what reverse() gives, one reversal for many links."""

import pytest
from django.urls import NoReverseMatch, reverse

from core.links import slug_links


@pytest.mark.parametrize("slug", ["speyer", "bad-kreuznach_2"])
def test_slug_links_equal_reverse(slug):
    link = slug_links("members:municipality-detail")
    assert link(slug) == reverse("members:municipality-detail", kwargs={"slug": slug})


def test_slug_links_reverse_once(monkeypatch):
    calls = []
    import core.links

    real = core.links.reverse
    monkeypatch.setattr(core.links, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    core.links._slug_links.cache_clear()
    links = [slug_links("projects:project-detail")(f"p-{n}") for n in range(3)]
    assert links == [f"/projekte/p-{n}/" for n in range(3)]
    assert len(calls) == 1


def test_slug_links_follow_the_script_prefix():
    from django.urls import set_script_prefix

    try:
        set_script_prefix("/portal/")
        assert slug_links("projects:project-detail")("p") == "/portal/projekte/p/"
    finally:
        set_script_prefix("/")
    assert slug_links("projects:project-detail")("p") == "/projekte/p/"


@pytest.mark.parametrize("slug", ["wörth", "a.b", ""])
def test_anything_but_a_slug_is_rejected_as_by_reverse(slug):
    with pytest.raises(NoReverseMatch):
        slug_links("members:municipality-detail")(slug)
