"""The three old journals become entries of the one journal, and nothing of the history is lost.

Each test takes the database back to the state before its app's data migration, writes rows of
the old model as the portal wrote them, migrates forward and reads the entries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from directions.models import Arrondissement, User
from sg_portal.journal.models import Entry
from sg_portal.journal.selectors import journal_of
from sg_portal.journal.sentences import lines

pytestmark = pytest.mark.django_db(transaction=True)
AT = dt.datetime(2026, 10, 5, 9, 30, tzinfo=dt.UTC)


def _before(app: str, suffix: str):
    """Migrate back to just before `app`'s migration named `*_<suffix>`; the old models' apps."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    (node,) = [key for key in graph.nodes if key[0] == app and key[1].endswith(suffix)]
    parents = [parent.key for parent in graph.node_map[node].parents]
    targets = sorted(key for key in parents if key[0] == app)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _forward():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(leaves)


@pytest.fixture(autouse=True)
def back_to_the_latest_state():
    """Whatever happens in the test, the database ends with every migration applied."""
    yield
    _forward()


def test_report_events_become_entries_with_their_actor_time_and_values(cast):
    old = _before("indicators", "_report_events_to_journal")
    OldDirection = old.get_model("directions", "Direction")
    dases = OldDirection.objects.get(code="DASES")
    director = old.get_model("directions", "User").objects.get(username="dir.dases")
    reviewer = old.get_model("directions", "User").objects.get(username="sg.demo")
    period = old.get_model("indicators", "Period").objects.create(
        periodicity="quinzaine",
        start=dt.date(2026, 9, 16),
        end=dt.date(2026, 9, 30),
        due_date=dt.date(2026, 10, 5),
    )
    report = old.get_model("indicators", "Report").objects.create(
        direction=dases, period=period, due_date=period.due_date, status="renvoye"
    )
    indicator = old.get_model("indicators", "Indicator").objects.create(
        code="places", name="Places d'hébergement", family="ressources", direction=dases
    )
    third, _ = old.get_model("directions", "Arrondissement").objects.get_or_create(
        number=3,
        defaults={"insee_code": "75103", "label": "3e arr.", "official_name": "3e", "mairie": "-"},
    )
    ReportEvent = old.get_model("indicators", "ReportEvent")
    rows = [
        ("valeur", director, {"indicator": indicator, "arrondissement": third}, "", "4 912", ""),
        ("commentaire", director, {"indicator": indicator}, "", "Hausse saisonnière", ""),
        ("soumis", director, {}, "À remplir", "Soumis", ""),
        ("renvoye", reviewer, {}, "Soumis", "Renvoyé", "Revoir le délai " * 200),
        ("importe", reviewer, {}, "", "", "Historique importé (rapport créé validé)"),
    ]
    for minutes, (kind, actor, extra, before, after, message) in enumerate(rows):
        event = ReportEvent.objects.create(
            report=report,
            kind=kind,
            actor=actor,
            before=before,
            after=after,
            message=message,
            **extra,
        )
        ReportEvent.objects.filter(pk=event.pk).update(at=AT + dt.timedelta(minutes=minutes))

    _forward()

    entries = list(Entry.objects.order_by("at"))
    assert [e.action for e in entries] == [
        "indicators.value.save",
        "indicators.comment.save",
        "indicators.report.submit",
        "indicators.report.return",
        "indicators.report.import",
    ]
    value, comment, submit, returned, imported = entries
    assert all(e.object_id == report.pk and e.content_type.model == "report" for e in entries)
    assert [e.at for e in entries] == [AT + dt.timedelta(minutes=m) for m in range(5)]
    assert value.actor_id == director.pk and returned.actor_id == reviewer.pk
    assert value.before == {"value": ""}
    assert value.after["value"] == "4 912" and value.after["indicator_name"] == indicator.name
    assert value.after["arrondissement"] == third.pk
    assert value.after["arrondissement_label"] == Arrondissement.objects.get(number=3).label
    assert comment.after["text"] == "Hausse saisonnière"
    assert (submit.before, submit.after) == ({"status": "brouillon"}, {"status": "soumis"})
    assert returned.comment.startswith("Revoir le délai") and returned.comment.endswith("…")
    assert returned.after["message"] == "Revoir le délai " * 200  # kept whole
    assert imported.after == {"status": "valide", "created": True}
    shown = [f"{line.who} {line.text}" for line in lines(journal_of(report))]
    director, reviewer = User.objects.get(pk=director.pk), User.objects.get(pk=reviewer.pk)
    assert f"{director} a modifié la valeur « Places d'hébergement (3e arr.) »" in shown
    assert f"{reviewer} a renvoyé le rapport" in shown


def test_meeting_events_become_entries_on_the_meeting_and_its_items(cast):
    old = _before("meetings", "_meeting_events_to_journal")
    User = old.get_model("directions", "User")
    cm = User.objects.get(username="cm.demo")
    body = old.get_model("meetings", "Body").objects.create(
        code="essai", name="Instance d'essai", cadence="ad_hoc"
    )
    start = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
    meeting = old.get_model("meetings", "Meeting").objects.create(
        body=body, slot_date=start.date(), starts_at=start, duration_minutes=60
    )
    item = old.get_model("meetings", "AgendaItem").objects.create(
        meeting=meeting, title="Point budget", position=1
    )
    action = old.get_model("meetings", "Action").objects.create(
        meeting=meeting, title="Relancer la DRH", owner=cm, due_date=dt.date(2027, 1, 15)
    )
    MeetingEvent = old.get_model("meetings", "MeetingEvent")
    events = [
        (
            "move",
            {"starts_at": start.isoformat(), "place": "A"},
            {"starts_at": start.isoformat(), "place": "B"},
        ),
        ("item_propose", {}, {"item": item.pk, "title": "Point budget"}),
        ("item_accept", {"status": "proposed"}, {"status": "accepted"}),
        ("publish", {"agenda_status": "draft"}, {"agenda_status": "published"}),
        ("action_close", {"status": "open"}, {"action": action.pk}),
        ("cancel", {"status": "scheduled"}, {"reason": "Crise sanitaire"}),
    ]
    for minutes, (verb, before, after) in enumerate(events):
        MeetingEvent.objects.create(
            meeting=meeting,
            actor=cm,
            verb=verb,
            before=before,
            after=after,
            at=AT + dt.timedelta(minutes=minutes),
        )

    _forward()

    entries = list(Entry.objects.order_by("at"))
    assert [e.action for e in entries] == [
        "meetings.meeting.move",
        "meetings.agenda_item.propose",
        "meetings.agenda_item.accept",
        "meetings.agenda.publish",
        "meetings.action.close",
        "meetings.meeting.cancel",
    ]
    move, propose, accept, publish, close, cancel = entries
    assert all(e.actor_id == cm.pk for e in entries)
    assert move.before["place"] == "A" and move.after["place"] == "B"
    assert (propose.content_type.model, propose.object_id) == ("agendaitem", item.pk)
    assert (propose.parent_type.model, propose.parent_id) == ("meeting", meeting.pk)
    assert (accept.content_type.model, accept.object_id) == ("meeting", meeting.pk)
    assert (close.content_type.model, close.object_id) == ("action", action.pk)
    assert close.after["title"] == "Relancer la DRH"
    assert cancel.comment == "Crise sanitaire"
    from meetings.models import Meeting

    assert len(journal_of(Meeting.objects.get(pk=meeting.pk))) == 6


def test_project_events_and_sitting_changes_become_one_entry_per_act(cast):
    old = _before("projects", "_audit_events_to_journal")
    User = old.get_model("directions", "User")
    cp, director = User.objects.get(username="cp.demo"), User.objects.get(username="dir.dases")
    dases = old.get_model("directions", "Direction").objects.get(code="DASES")
    ContentType = old.get_model("contenttypes", "ContentType")
    types = {
        name: ContentType.objects.get_or_create(app_label="projects", model=name)[0]
        for name in ("project", "milestone", "statusupdate", "deliberation")
    }
    project = old.get_model("projects", "Project").objects.create(
        kind="engagement",
        name="Plan Climat",
        lead_direction=dases,
        chef_projet=cp,
        start_date=dt.date(2026, 1, 1),
        planned_end=dt.date(2027, 1, 1),
    )
    milestone = old.get_model("projects", "Milestone").objects.create(
        project=project, title="Marché notifié", planned_date=dt.date(2027, 3, 1)
    )
    status = old.get_model("projects", "StatusUpdate").objects.create(
        project=project,
        fortnight_start=dt.date(2026, 9, 16),
        author=cp,
        posted_at=AT,
        schedule="on_track",
        budget="on_track",
        scope="on_track",
        overall="on_track",
        narrative="RAS",
    )
    Sitting = old.get_model("projects", "Sitting")
    feb = Sitting.objects.create(start_date=dt.date(2027, 2, 9), end_date=dt.date(2027, 2, 11))
    mar = Sitting.objects.create(start_date=dt.date(2027, 3, 9), end_date=dt.date(2027, 3, 11))
    Deliberation = old.get_model("projects", "Deliberation")
    audited = Deliberation.objects.create(
        direction=dases, year=2027, number=1, title="Santé", sitting=mar, created_by=director
    )
    seeded = Deliberation.objects.create(
        direction=dases, year=2027, number=2, title="Enfance", sitting=mar, created_by=director
    )
    AuditEvent = old.get_model("projects", "AuditEvent")
    SittingChange = old.get_model("projects", "SittingChange")
    later = AT + dt.timedelta(days=3)

    def audit(minutes, actor, action, kind, pk, before=None, after=None):
        AuditEvent.objects.create(
            actor=actor,
            action=action,
            content_type=types[kind],
            object_id=pk,
            before=before or {},
            after=after or {},
            at=AT + dt.timedelta(minutes=minutes),
        )

    audit(
        0,
        cp,
        "milestone.update",
        "milestone",
        milestone.pk,
        {"forecast_date": None},
        {"forecast_date": "2027-04-15"},
    )
    audit(1, cp, "status.post", "statusupdate", status.pk, {}, {"overall": "on_track"})
    audit(
        2,
        director,
        "status.question",
        "statusupdate",
        status.pk,
        {"review": "pending"},
        {"review": "question", "question": "Et le budget ?"},
    )
    audit(
        3,
        director,
        "deliberation.declare",
        "deliberation",
        audited.pk,
        {},
        {"reference": "2027 DASES 1", "sitting": feb.pk, "status": "preparation"},
    )
    SittingChange.objects.create(
        deliberation=audited,
        to_sitting=feb,
        changed_by=director,
        changed_at=AT + dt.timedelta(minutes=3),
    )
    AuditEvent.objects.create(
        actor=director,
        action="deliberation.update",
        content_type=types["deliberation"],
        object_id=audited.pk,
        before={"sitting": feb.pk},
        after={"sitting": mar.pk},
        at=later,
    )
    SittingChange.objects.create(
        deliberation=audited,
        from_sitting=feb,
        to_sitting=mar,
        slipped=True,
        changed_by=director,
        changed_at=later,
        reason="Avis de la CNIL attendu",
    )
    # The demo wrote sitting changes without audit events: they become entries too.
    SittingChange.objects.create(
        deliberation=seeded, to_sitting=feb, changed_by=director, changed_at=AT
    )
    SittingChange.objects.create(
        deliberation=seeded,
        from_sitting=feb,
        to_sitting=mar,
        slipped=True,
        changed_by=director,
        changed_at=later,
        reason="Dossier incomplet",
    )

    _forward()

    from projects.models import Deliberation as NewDeliberation
    from projects.models import Project as NewProject

    project_history = journal_of(NewProject.objects.get(pk=project.pk))
    assert [e.action for e in project_history] == [
        "projects.status.question",
        "projects.status.post",
        "projects.milestone.update",
    ]
    question, post, update = project_history
    assert (
        question.comment == "Et le budget ?" and question.after["fortnight_start"] == "2026-09-16"
    )
    assert update.after == {"forecast_date": "2027-04-15", "title": "Marché notifié"}
    text = [line.text for line in lines(project_history)]
    assert "a modifié le jalon « Marché notifié »" in text

    for deliberation, comment in (
        (audited, "Avis de la CNIL attendu"),
        (seeded, "Dossier incomplet"),
    ):
        entries = journal_of(NewDeliberation.objects.get(pk=deliberation.pk))
        assert [e.action for e in entries] == [
            "projects.deliberation.update",
            "projects.deliberation.declare",
        ], deliberation.title  # once per act, not twice
        moved, declared = entries
        assert moved.after["slipped"] is True and moved.comment == comment
        assert moved.before["sitting_label"] == "février 2027"
        assert moved.after["sitting_label"] == "mars 2027"
        assert declared.after["sitting_label"] == "février 2027"
        assert moved.actor_id == director.pk and moved.at == later
        sentences = lines(entries)
        assert sentences[0].text == "a reporté la délibération à une séance plus tardive"
        assert "première séance visée : février 2027" in sentences[1].text
    assert Entry.objects.filter(action__startswith="projects.deliberation.").count() == 4
