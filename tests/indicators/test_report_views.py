import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Report, Value
from sg_portal.journal.models import Entry

pytestmark = pytest.mark.django_db


def _save(client, report, name, value, version=0, htmx=True):
    data = {name: value, f"ver-{name}": str(version)}
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("indicators:report_save", args=[report.pk]), data, **extra)


def test_the_form_shows_the_previous_value_and_the_target(client, dir_dases, report, delay):
    client.force_login(dir_dases)
    html = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    assert "préc. 21,5" in html
    assert "Cible : <strong>15,0</strong>" in html
    assert "Soumettre au SG" in html


def test_the_autosave_answers_the_field_fragment(client, dir_dases, report, shelter):
    client.force_login(dir_dases)
    name = f"v-{shelter.pk}-0"
    response = _save(client, report, name, "4 950")
    assert response.status_code == 200
    assert response["X-Autosave"] == "saved"
    html = response.content.decode()
    assert f'id="wrap-{name}"' in html
    assert 'value="4\u202f950"' in html, html
    assert "<html" not in html
    assert Value.objects.get(report=report).value == Decimal("4950")


def test_bad_input_is_explained_next_to_the_field_and_kept(client, dir_dases, report, shelter):
    client.force_login(dir_dases)
    response = _save(client, report, f"v-{shelter.pk}-0", "12 %")
    assert response["X-Autosave"] == "error"
    html = response.content.decode()
    assert "Saisissez un nombre, par exemple 12,5" in html
    assert 'value="12 %"' in html and 'aria-invalid="true"' in html


@pytest.mark.parametrize("typed", ["9" * 40, "1" + "0" * 14, "-" + "9" * 30 + ",5"])
@pytest.mark.parametrize("htmx", [True, False])
def test_a_huge_number_is_refused_next_to_the_field_not_with_a_server_error(
    client, dir_dases, report, shelter, typed, htmx
):
    client.force_login(dir_dases)
    response = _save(client, report, f"v-{shelter.pk}-0", typed, htmx=htmx)
    assert response.status_code == (200 if htmx else 422)
    html = response.content.decode()
    assert "Ce nombre est trop grand." in html and f'value="{typed}"' in html
    assert not Value.objects.filter(report=report).exists()


def test_a_stale_save_is_refused_with_a_message_and_the_input_kept(
    client, dir_dases, ref_dases, report, shelter
):
    name = f"v-{shelter.pk}-0"
    client.force_login(ref_dases)
    _save(client, report, name, "4900")
    client.force_login(dir_dases)
    response = _save(client, report, name, "5 100", version=0)
    html = response.content.decode()
    assert response["X-Autosave"] == "error"
    assert "Une autre personne a modifié ce champ" in html and "4\u202f900" in html
    assert 'value="5 100"' in html
    assert Value.objects.get(report=report).value == Decimal("4900")


def test_a_large_change_is_flagged_beside_the_field(client, dir_dases, report, shelter):
    client.force_login(dir_dases)
    html = _save(client, report, f"v-{shelter.pk}-0", "9000").content.decode()
    assert "Écart de 88 % avec la période précédente" in html


def test_without_javascript_the_whole_form_saves(client, dir_dases, report, shelter, delay):
    client.force_login(dir_dases)
    response = client.post(
        reverse("indicators:report_save", args=[report.pk]),
        {f"v-{shelter.pk}-0": "4 900", f"v-{delay.pk}-0": "20,5", f"c-{delay.pk}": "RAS"},
    )
    assert response.status_code == 302
    assert sorted(Value.objects.filter(report=report).values_list("value", flat=True)) == [
        Decimal("20.5"),
        Decimal("4900"),
    ]


def test_submitting_shows_what_is_missing(client, dir_dases, report, shelter, delay):
    client.force_login(dir_dases)
    response = client.post(
        reverse("indicators:report_submit", args=[report.pk]), {f"v-{shelter.pk}-0": "4900"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Le rapport n'a pas été soumis" in html and "Délai de traitement des aides" in html
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_the_review_journey_through_the_views(
    client,
    dir_dases,
    sg_user,
    report,
    shelter,
    delay,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(dir_dases)
    response = client.post(
        reverse("indicators:report_submit", args=[report.pk]),
        {f"v-{shelter.pk}-0": "4900", f"v-{delay.pk}-0": "20,5"},
    )
    assert response.status_code == 302
    client.force_login(sg_user)
    page = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    assert "Valider le rapport" in page and "Renvoyer à la direction" in page
    assert (
        client.post(
            reverse("indicators:report_return", args=[report.pk]), {"comment": ""}
        ).status_code
        == 422
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("indicators:report_return", args=[report.pk]), {"comment": "Revoir le délai"}
        )
    assert len(mailoutbox) == 1
    client.force_login(dir_dases)
    page = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    assert "Revoir le délai" in page and "Rapport renvoyé par" in page
    client.post(
        reverse("indicators:report_submit", args=[report.pk]),
        # The whole form, with the version of each field the page showed.
        {
            f"v-{shelter.pk}-0": "4900",
            f"ver-v-{shelter.pk}-0": "1",
            f"v-{delay.pk}-0": "19,5",
            f"ver-v-{delay.pk}-0": "1",
        },
    )
    client.force_login(sg_user)
    client.post(reverse("indicators:report_validate", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.VALIDATED
    client.force_login(dir_dases)
    page = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    assert "verrouillé" in page and "data-autosave" not in page
    timeline = set(Entry.objects.filter(object_id=report.pk).values_list("action", flat=True))
    verbs = {action.rsplit(".", 1)[1] for action in timeline}
    assert {"submit", "return", "validate", "save"} <= verbs
    assert "a renvoyé le rapport" in page and "a validé le rapport" in page


def test_late_reports_show_their_days_late(client, dir_dases, report, time_machine):
    time_machine.move_to(dt.datetime.combine(report.due_date + dt.timedelta(days=3), dt.time(10)))
    client.force_login(dir_dases)
    response = client.get(reverse("indicators:report_list") + "?etat=en_retard")
    row = response.context["rows"][0]
    # Due Monday 7 December 2026: Tuesday, Wednesday and Thursday are three working days late.
    assert row["days_late"] == 3 and row["state"].label == "En retard"


def test_the_indicator_page_shows_its_history(client, cadre, previous_report, shelter):
    client.force_login(cadre)
    html = client.get(reverse("indicators:indicator", args=[shelter.code])).content.decode()
    assert "4\u202f800" in html and "Historique des valeurs" in html


def test_the_home_page_shows_my_reports_and_the_ones_to_review(client, dir_dases, sg_user, report):
    client.force_login(dir_dases)
    html = client.get("/").content.decode()
    assert "Rapport à remplir" in html or "Rapport en retard" in html
    report.status = report.Status.SUBMITTED
    report.save()
    client.force_login(sg_user)
    assert "Rapport à examiner" in client.get("/").content.decode()


def test_late_reports_are_suggested_for_the_agenda(report, dases):
    from directions.models import Direction
    from indicators.agenda_suggestions import suggestions
    from sg_portal.agenda import resolved

    found = resolved(
        suggestions(
            meeting=None,
            directions=Direction.objects.filter(pk=dases.pk),
            today=report.due_date + dt.timedelta(days=6),
        )
    )
    # Due Monday 7 December 2026; on Sunday the 13th, four working days have passed (not six).
    assert found[0].reason == "Rapport en retard de 4 jours ouvrés"
    assert found[0].key == f"indicators.report:{report.pk}"


def test_a_large_change_marks_the_comment_as_required_out_of_band(
    client, dir_dases, report, shelter
):
    client.force_login(dir_dases)
    html = _save(client, report, f"v-{shelter.pk}-0", "9000").content.decode()
    assert f'id="label-c-{shelter.pk}"' in html and 'hx-swap-oob="true"' in html
    assert "requis pour soumettre" in html


def test_empty_fields_of_the_whole_form_write_nothing(client, dir_dases, report, shelter, delay):
    client.force_login(dir_dases)
    client.post(
        reverse("indicators:report_save", args=[report.pk]),
        {f"v-{shelter.pk}-0": "", f"c-{shelter.pk}": "", f"v-{delay.pk}-0": "20,5"},
    )
    assert Value.objects.filter(report=report).count() == 1
    assert list(Entry.objects.values_list("action", flat=True)) == ["indicators.value.save"]


def test_an_adjoint_sees_only_her_poles_reports_to_review_on_the_home_page(
    client, adjoint, report, drh_report
):
    Report.objects.filter(pk__in=[report.pk, drh_report.pk]).update(status=Report.Status.SUBMITTED)
    client.force_login(adjoint)
    html = client.get("/").content.decode()
    assert f"/rapports/{report.pk}/" in html and f"/rapports/{drh_report.pk}/" not in html


def test_the_report_list_writes_its_dates_the_french_way(client, dir_dases, report):
    client.force_login(dir_dases)
    html = client.get(reverse("indicators:report_list")).content.decode()
    assert report.due_date == dt.date(2026, 12, 7)
    assert "7 déc. 2026" in html
    assert "Déc" not in html


def test_the_timeline_writes_its_dates_the_french_way(client, dir_dases, report, shelter):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC), tick=False):
        client.force_login(dir_dases)
        _save(client, report, f"v-{shelter.pk}-0", "4 950")
        html = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    assert "le 2 déc. 2026 à 10h30" in html
    assert "Déc" not in html


@pytest.mark.parametrize("htmx", [True, False])
def test_a_comment_pasted_at_great_length_is_refused_with_a_message_and_kept(
    client, dir_dases, report, shelter, htmx
):
    from indicators.models import Comment

    client.force_login(dir_dases)
    text = "Explication " * 1000
    response = _save(client, report, f"c-{shelter.pk}", text, htmx=htmx)
    assert response.status_code == (200 if htmx else 422)
    html = response.content.decode()
    assert "Commentaire trop long : 2\u202f000 caractères au plus" in html
    assert "Explication Explication" in html  # what was typed is still in the field
    assert not Comment.objects.filter(report=report).exists()
    fine = _save(client, report, f"c-{shelter.pk}", "Explication " * 100, htmx=htmx)
    assert fine.status_code in (200, 302)
    assert Comment.objects.get(report=report).text.startswith("Explication")


def test_a_return_reason_of_a_whole_document_is_refused(client, sg_user, report):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(sg_user)
    response = client.post(
        reverse("indicators:report_return", args=[report.pk]), {"comment": "x" * 5000}
    )
    assert response.status_code == 422
    assert (
        "2\u202f000 caractères au plus : vous en avez saisi 5\u202f000" in response.content.decode()
    )
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED


def test_the_report_page_is_never_taken_from_the_browser_cache(client, dir_dases, report):
    client.force_login(dir_dases)
    response = client.get(reverse("indicators:report", args=[report.pk]))
    assert "no-store" in response["Cache-Control"]


def test_an_indicator_without_target_says_so_in_words(client, dir_dases, report, shelter, delay):
    client.force_login(dir_dases)
    html = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    assert "Cible : —" not in html and "· Neutre" not in html
    assert "Pas de cible" in html  # shelter: no target, neutral
    assert "Cible : <strong>15,0</strong>" in html
