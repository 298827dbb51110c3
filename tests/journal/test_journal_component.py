"""The journal component: an object's history in French sentences, read in one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template

from directions.models import Direction, User
from indicators.models import Period, Report
from sg_portal.journal.selectors import journal_of
from sg_portal.journal.sentences import sentences
from sg_portal.journal.services import journal_record

pytestmark = pytest.mark.django_db
PARIS = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def report(cast) -> Report:
    period = Period.objects.create(
        periodicity="quinzaine",
        start=dt.date(2026, 11, 16),
        end=dt.date(2026, 11, 30),
        due_date=dt.date(2026, 12, 4),
    )
    dases = Direction.objects.get(code="DASES")
    return Report.objects.create(direction=dases, period=period, due_date=period.due_date)


def _render(obj) -> str:
    return Template("{% load journal %}{% journal_for obj %}").render(Context({"obj": obj}))


def test_an_act_reads_as_a_french_sentence_with_who_and_when(report):
    claire = User.objects.create_user("claire", first_name="Claire", last_name="Martin")
    journal_record(
        actor=claire,
        action="indicators.report.validate",
        obj=report,
        before={"status": "soumis"},
        after={"status": "valide"},
    ).__class__.objects.update(at=dt.datetime(2026, 12, 3, 14, 5, tzinfo=PARIS))
    html = _render(report)
    assert '<strong class="journal__who">Claire Martin</strong> a validé le rapport' in html
    assert "le 3 déc. 2026 à 14h05" in html
    assert "journal__entry--ok" in html


def test_what_changed_is_shown_before_and_after_and_the_comment_as_typed(report, sg_user):
    journal_record(
        actor=sg_user,
        action="indicators.value.save",
        obj=report,
        before={"value": ""},
        after={"value": "4\u202f912", "indicator_name": "Places", "arrondissement_label": "3e"},
    )
    journal_record(
        actor=sg_user,
        action="indicators.report.return",
        obj=report,
        comment="<b>Revoir</b> le délai",
    )
    html = _render(report)
    assert "a modifié la valeur « Places (3e) »" in html
    assert "Valeur : vide → <strong>4\u202f912</strong>" in html
    assert "« &lt;b&gt;Revoir&lt;/b&gt; le délai »" in html  # escaped, never markup


def test_the_portal_is_named_when_nobody_acted_and_an_unknown_action_still_reads(report):
    journal_record(actor=None, action="indicators.report.archive", obj=report)
    html = _render(report)
    assert "Le portail</strong> a enregistré « indicators.report.archive »" in html


def test_an_object_without_history_says_so(report):
    assert "Aucune modification pour le moment." in _render(report)


def test_a_sub_objects_entries_show_on_its_parents_history(report, sg_user, dir_dases):
    other = Report.objects.create(
        direction=Direction.objects.get(code="DRH"), period=report.period, due_date=report.due_date
    )
    journal_record(actor=sg_user, action="indicators.report.validate", obj=other)
    journal_record(actor=sg_user, action="indicators.report.submit", obj=other, parent=report)
    journal_record(actor=dir_dases, action="indicators.report.submit", obj=report)
    assert [e.action.rsplit(".", 1)[1] for e in journal_of(report)] == ["submit", "submit"]
    assert len(journal_of(other)) == 2


def test_a_long_history_is_read_in_one_query_with_its_actors(
    report, cast, django_assert_num_queries
):
    people = list(User.objects.all()[:20])
    for index in range(120):
        journal_record(
            actor=people[index % len(people)],
            action="indicators.value.save",
            obj=report,
            before={"value": str(index)},
            after={"value": str(index + 1), "indicator_name": f"Indicateur {index}"},
        )
    ContentType.objects.get_for_model(Report)  # cached once per process, as in production
    sentences()
    with django_assert_num_queries(1):
        html = _render(report)
    assert html.count("journal__entry") >= 120


def test_every_action_the_apps_record_has_its_sentence():
    """Every action string passed to the journal by an app's code reads as a sentence."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    written = set()
    for app in ("indicators", "meetings", "projects"):
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"', text))
            written |= set(re.findall(r'action=f"([a-z_]+\.[a-z_]+)\.\{', text))
    known = set(sentences())
    plain = {a for a in written if a.count(".") == 2}
    assert plain and plain <= known, plain - known
    for prefix in written - plain:
        assert any(a.startswith(prefix + ".") for a in known), prefix
