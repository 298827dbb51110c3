"""Searching the reports and the catalogue: French words, accents, stems, typos, codes, and
nothing a reader may not open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from indicators.models import Comment, Report
from sg_portal.search.index import flush_pending, rebuild
from sg_portal.search.query import search
from tests import factories

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's French full text"
)


@pytest.fixture
def reports(cast, dases, drh):
    made = _reports(dases, drh)
    flush_pending()  # what the act's commit does; the test's transaction never commits
    return made


def _reports(dases, drh):
    period = factories.make_period("quinzaine", dt.date(2026, 11, 3))
    places = factories.make_indicator(
        "places-creches", direction=dases, name="Places en crèche ouvertes"
    )
    dases_report = factories.make_report(dases, period)
    drh_report = factories.make_report(drh, period)
    Comment.objects.create(
        report=dases_report,
        indicator=places,
        text="Ouverture de deux crèches rue de la Délibération, retard des travaux.",
    )
    Comment.objects.create(
        report=drh_report,
        indicator=places,
        text="Recrutements secrets dans les crèches municipales.",
    )
    return dases_report, drh_report


def _titles(results):
    return [hit.title for group in results.groups for hit in group.hits]


def test_a_comment_is_found_as_soon_as_it_is_saved(reports, sg_user):
    found = search(sg_user, "travaux")
    assert any("DASES" in t for t in _titles(found))


def test_a_rolled_back_change_leaves_the_index_as_it_was(reports, sg_user):
    from django.db import transaction

    comment = Comment.objects.filter(report=reports[0]).first()
    try:
        with transaction.atomic():
            comment.text = "Mot fantôme"
            comment.save()
            raise RuntimeError
    except RuntimeError:
        pass
    flush_pending()
    assert not search(sg_user, "fantôme").groups


def test_accents_and_case_are_ignored(reports, sg_user):
    assert _titles(search(sg_user, "DELIBERATION")) == _titles(search(sg_user, "délibération"))
    assert any("DASES" in t for t in _titles(search(sg_user, "deliberation")))


@on_postgres
def test_a_plural_finds_the_singular(reports, sg_user):
    assert "Places en crèche ouvertes" in _titles(search(sg_user, "crèches"))


@on_postgres
def test_a_typo_is_tolerated(reports, sg_user):
    assert "Places en crèche ouvertes" in _titles(search(sg_user, "plaçes en crehce"))


def test_the_code_of_a_direction_comes_first(reports, sg_user):
    found = search(sg_user, "DASES")
    assert found.groups[0].kind.key == "directions.direction"
    assert found.groups[0].hits[0].exact


def test_an_indicator_code_is_found_exactly(reports, sg_user):
    found = search(sg_user, "places-creches")
    assert found.groups[0].hits[0].title == "Places en crèche ouvertes"


def test_a_director_sees_no_hit_no_count_no_excerpt_of_another_direction(reports, dir_dases):
    found = search(dir_dases, "crèches")
    text = " ".join(
        f"{hit.title} {hit.context} {hit.excerpt}" for group in found.groups for hit in group.hits
    )
    assert "DRH" not in text and "secrets" not in text.lower()
    reports_group = [g for g in found.groups if g.kind.key == "indicators.report"]
    assert reports_group and reports_group[0].total == 1


def test_a_cadre_finds_no_report(reports, cadre):
    found = search(cadre, "crèches")
    assert all(g.kind.key != "indicators.report" for g in found.groups)


@pytest.mark.parametrize(
    "query", ["", "   ", "!!!", "'; DROP TABLE search_document; --", "é" * 10_000, "<script>"]
)
def test_absurd_queries_are_answered_calmly(reports, client, sg_user, query):
    client.force_login(sg_user)
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_a_state_change_by_conditional_update_is_followed(reports, sg_user, adjoint):
    from indicators import services

    report = reports[0]
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    services.report_return(report=report, user=adjoint, comment="Chiffres des haltes-garderies")
    flush_pending()
    assert any("DASES" in t for t in _titles(search(sg_user, "haltes-garderies")))


def test_the_rebuild_rewrites_every_kind(reports, sg_user):
    counts = rebuild()
    assert counts["indicators.report"] == 2
    assert any("DASES" in t for t in _titles(search(sg_user, "travaux")))


def test_the_fallback_without_postgres_ignores_accents_and_case(reports, sg_user, monkeypatch):
    # The embedded SQLite default matches every word in the normalised text: the same code
    # path is run here on PostgreSQL's plain text column.
    from sg_portal.search import query

    monkeypatch.setattr(query, "uses_postgres", lambda: False)
    assert any("DASES" in t for t in _titles(search(sg_user, "DELIBERATION travaux")))
    assert "Places en crèche ouvertes" in _titles(search(sg_user, "CRECHE"))
    assert not search(sg_user, "délibération introuvable").groups


def test_the_rebuild_is_one_command_and_refuses_an_unknown_kind(reports):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("search_rebuild", stdout=out)
    assert "Index reconstruit" in out.getvalue()
    with pytest.raises(CommandError, match="Types inconnus"):
        call_command("search_rebuild", "nope.nothing")
