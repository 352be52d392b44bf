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


def test_the_link_tag_gives_what_the_url_tag_gives_reversed_once(monkeypatch):
    from django.template import engines
    from django.urls import set_script_prefix

    import core.links

    calls = []
    real = core.links.reverse
    monkeypatch.setattr(core.links, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    core.links._plain_link.cache_clear()
    both = engines["django"].from_string(
        "{% load core_tags %}{% link 'home' %} {% url 'home' %} {% link 'opendata:index' as x %}"
        "{{ x }} {% url 'opendata:index' %} {% link 'home' %}"
    )
    assert both.render({}) == "/ / /opendata/ /opendata/ /"
    assert len(calls) == 2  # once each
    try:
        set_script_prefix("/portal/")
        assert both.render({}) == "/portal/ /portal/ /portal/opendata/ /portal/opendata/ /portal/"
    finally:
        set_script_prefix("/")
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% load core_tags %}{% link 'nowhere' %}").render({})


def test_static_urls_are_whitenoises_worked_out_once(tmp_path):
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    from core.staticfiles import StaticFilesStorage

    kept = StaticFilesStorage(location=tmp_path)
    plain = CompressedManifestStaticFilesStorage(location=tmp_path)
    kept.hashed_files = {"site.css": "site.0123abcd.css"}
    plain.hashed_files = dict(kept.hashed_files)
    assert kept.url("site.css") == plain.url("site.css") == "/static/site.0123abcd.css"
    kept.hashed_files = {}  # as no manifest would change while the process runs
    assert kept.url("site.css") == "/static/site.0123abcd.css"
    with pytest.raises(ValueError, match="missing.css"):
        kept.url("missing.css")
    with pytest.raises(ValueError, match="missing.css"):
        kept.url("missing.css")
