from decimal import Decimal

import pytest

from indicators import selectors, services
from indicators.models import Comment, Report, ReportEvent, Value

pytestmark = pytest.mark.django_db


def _fill(report, user, shelter, delay, shelter_value="4 900", delay_value="20,5"):
    services.value_save(
        report=report,
        indicator=shelter,
        arrondissement=None,
        raw=shelter_value,
        version=0,
        user=user,
    )
    services.value_save(
        report=report, indicator=delay, arrondissement=None, raw=delay_value, version=0, user=user
    )


def test_a_value_typed_the_french_way_is_saved_and_recorded(report, shelter, dir_dases):
    value = services.value_save(
        report=report,
        indicator=shelter,
        arrondissement=None,
        raw="4 912",
        version=0,
        user=dir_dases,
    )
    assert value.value == Decimal("4912") and value.version == 1
    event = ReportEvent.objects.get(report=report, kind="valeur")
    assert (event.actor, event.before, event.after) == (dir_dases, "", "4\u202f912")


def test_text_in_a_number_field_is_refused_and_nothing_is_written(report, shelter, dir_dases):
    with pytest.raises(services.FieldInvalid, match="Saisissez un nombre"):
        services.value_save(
            report=report,
            indicator=shelter,
            arrondissement=None,
            raw="12 %",
            version=0,
            user=dir_dases,
        )
    assert not Value.objects.filter(report=report).exists()


def test_a_second_save_from_a_stale_page_is_refused(report, shelter, dir_dases, ref_dases):
    services.value_save(
        report=report, indicator=shelter, arrondissement=None, raw="4900", version=0, user=dir_dases
    )
    with pytest.raises(services.Conflict) as caught:
        services.value_save(
            report=report,
            indicator=shelter,
            arrondissement=None,
            raw="5100",
            version=0,
            user=ref_dases,
        )
    assert "Une autre personne a modifié ce champ" in str(caught.value)
    assert caught.value.current_version == 1
    assert Value.objects.get(report=report).value == Decimal("4900")


def test_the_same_input_sent_twice_is_not_a_conflict(report, shelter, dir_dases):
    for _ in range(2):
        services.value_save(
            report=report,
            indicator=shelter,
            arrondissement=None,
            raw="4900",
            version=0,
            user=dir_dases,
        )
    assert Value.objects.get(report=report).version == 1


def test_a_stale_comment_is_refused_too(report, shelter, dir_dases, ref_dases):
    services.comment_save(report=report, indicator=shelter, text="Hiver", version=0, user=dir_dases)
    with pytest.raises(services.Conflict):
        services.comment_save(
            report=report, indicator=shelter, text="Autre", version=0, user=ref_dases
        )
    assert Comment.objects.get(report=report).text == "Hiver"


def test_submitting_an_incomplete_report_says_what_is_missing(report, shelter, delay, dir_dases):
    services.value_save(
        report=report, indicator=shelter, arrondissement=None, raw="4900", version=0, user=dir_dases
    )
    completeness = services.report_submit(report=report, user=dir_dases)
    assert [m.indicator for m in completeness.missing] == [delay]
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_a_large_change_needs_a_comment_before_submitting(report, shelter, delay, dir_dases):
    _fill(report, dir_dases, shelter, delay, shelter_value="9000")  # +87 % on 4 800
    completeness = services.report_submit(report=report, user=dir_dases)
    assert completeness.missing[0].indicator == shelter
    assert "commentaire requis" in completeness.missing[0].message
    services.comment_save(
        report=report, indicator=shelter, text="Plan grand froid", version=0, user=dir_dases
    )
    assert services.report_submit(report=report, user=dir_dases).complete


def test_a_value_outside_the_plausible_range_needs_a_comment(shelter):
    warnings = selectors.value_warnings(shelter, Decimal("50000"), None)
    assert "hors de la plage plausible" in warnings[0]


def test_submit_validate_return_and_reopen_are_recorded(
    report, shelter, delay, dir_dases, sg_user, mailoutbox, django_capture_on_commit_callbacks
):
    _fill(report, dir_dases, shelter, delay)
    assert services.report_submit(report=report, user=dir_dases).complete
    assert report.status == Report.Status.SUBMITTED and report.submitted_by == dir_dases
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, user=sg_user, comment="Vérifiez le délai.")
    assert report.status == Report.Status.RETURNED
    assert report.return_comment == "Vérifiez le délai."
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "Vérifiez le délai." in mail.body
    assert "Vérifiez le délai." in mail.alternatives[0][0]
    services.value_save(
        report=report, indicator=delay, arrondissement=None, raw="19,5", version=1, user=dir_dases
    )
    assert services.report_submit(report=report, user=dir_dases).complete
    services.report_validate(report=report, user=sg_user)
    assert report.status == Report.Status.VALIDATED
    with pytest.raises(services.ReportLocked):
        services.value_save(
            report=report, indicator=delay, arrondissement=None, raw="1", version=2, user=dir_dases
        )
    services.report_reopen(report=report, user=sg_user, reason="Erreur de source")
    assert report.status == Report.Status.RETURNED
    kinds = list(
        ReportEvent.objects.filter(report=report).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds[-5:] == ["renvoye", "valeur", "soumis", "valide", "rouvert"]


def test_the_return_email_goes_to_the_director_and_the_referents(
    report,
    shelter,
    delay,
    dir_dases,
    ref_dases,
    dir_drh,
    sg_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _fill(report, dir_dases, shelter, delay)
    services.report_submit(report=report, user=dir_dases)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, user=sg_user, comment="À revoir")
    recipients = set(mailoutbox[0].to)
    assert dir_dases.email in recipients and ref_dases.email in recipients
    assert dir_drh.email not in recipients
    assert mailoutbox[0].alternatives[0][1] == "text/html"


def test_two_reviewers_cannot_both_win(report, shelter, delay, dir_dases, sg_user, adjoint):
    _fill(report, dir_dases, shelter, delay)
    services.report_submit(report=report, user=dir_dases)
    services.report_validate(report=report, user=sg_user)
    with pytest.raises(services.ReportError, match="Seul un rapport soumis"):
        services.report_return(report=report, user=adjoint, comment="Non")
    assert ReportEvent.objects.filter(report=report, kind="valide").count() == 1


def test_a_return_needs_a_comment_and_a_reopen_a_reason(report, sg_user):
    with pytest.raises(services.ReportError, match="Indiquez"):
        services.report_return(report=report, user=sg_user, comment="  ")
    with pytest.raises(services.ReportError, match="Indiquez"):
        services.report_reopen(report=report, user=sg_user, reason="")


def test_a_submitted_report_can_no_longer_be_edited(report, shelter, delay, dir_dases):
    _fill(report, dir_dases, shelter, delay)
    services.report_submit(report=report, user=dir_dases)
    with pytest.raises(services.ReportLocked, match="plus modifiable"):
        services.value_save(
            report=report,
            indicator=shelter,
            arrondissement=None,
            raw="1",
            version=1,
            user=dir_dases,
        )


def test_a_broken_down_indicator_needs_every_arrondissement(
    dases, by_arr, dir_dases, arrondissements
):
    import datetime as dt

    from tests.indicators.conftest import make_period, make_report

    report = make_report(dases, make_period("mois", dt.date(2026, 11, 1)))
    for arr in arrondissements[:5]:
        services.value_save(
            report=report,
            indicator=by_arr,
            arrondissement=arr,
            raw="100",
            version=0,
            user=dir_dases,
        )
    missing = selectors.report_completeness(report).missing
    assert missing[0].message == "15 arrondissement(s) sans valeur"
