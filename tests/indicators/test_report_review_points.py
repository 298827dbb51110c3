"""What the reviewer and the filer read on a report: the points deserving a look at the top of
the review card, integers refused when typed with decimals, saved values shown the French way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Comment, Report, Value

pytestmark = pytest.mark.django_db


def _save(client, report, name, value, version=0):
    return client.post(
        reverse("indicators:report_save", args=[report.pk]),
        {name: value, f"ver-{name}": str(version)},
        HTTP_HX_REQUEST="true",
    )


def _submitted(report, values, comments=None):
    for indicator, value in values.items():
        Value.objects.create(
            report=report, indicator=indicator, period_end=report.period.end, value=value
        )
    for indicator, text in (comments or {}).items():
        Comment.objects.create(report=report, indicator=indicator, text=text)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)


def _review_card(client, user, report) -> str:
    client.force_login(user)
    html = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    start = html.index('id="review"')
    return html[start : html.index("</section>", start)]


def test_a_large_change_is_summed_up_at_the_top_of_the_review_card_with_its_explanation(
    client, sg_user, report, shelter, delay
):
    # 4 800 the fortnight before: 8 256 is +72 %; 21,5 days misses the 15-day target.
    delay.polarity = delay.Polarity.LOWER
    delay.save(update_fields=["polarity"])
    _submitted(
        report,
        {shelter: Decimal("8256"), delay: Decimal("21.5")},
        {shelter: "Ouverture du gymnase Japy pour le plan grand froid."},
    )
    card = _review_card(client, sg_user, report)
    assert "2 indicateurs méritent un regard" in card
    assert "Écart de 72\u00a0%" in card or "Écart de 72 %" in card
    assert "Ouverture du gymnase Japy pour le plan grand froid." in card
    assert "cible non atteinte (15,0)" in card
    assert "Aucune explication de la direction." in card
    assert "cohérentes" not in card
    # The summary comes first: before the buttons, and before the values of the report.
    assert card.index("méritent un regard") < card.index("Valider le rapport")
    html = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    assert html.index('id="review"') < html.index('id="report-form"')


def test_a_report_with_nothing_to_look_at_is_called_coherent(
    client, sg_user, report, shelter, delay
):
    _submitted(report, {shelter: Decimal("4900"), delay: Decimal("20")})
    card = _review_card(client, sg_user, report)
    assert "méritent un regard" not in card and "mérite un regard" not in card
    assert "les valeurs sont cohérentes" in card


def test_a_value_out_of_its_plausible_range_is_a_point_to_look_at(
    client, sg_user, report, shelter, delay
):
    _submitted(report, {shelter: Decimal("900"), delay: Decimal("20")})
    card = _review_card(client, sg_user, report)
    assert "1 indicateur mérite un regard" in card
    assert "hors de la plage plausible" in card


def test_decimals_typed_for_an_integer_indicator_are_refused_in_french(
    client, dir_dases, report, shelter
):
    client.force_login(dir_dases)
    name = f"v-{shelter.pk}-0"
    response = _save(client, report, name, "1 234,5")
    assert response["X-Autosave"] == "error"
    html = response.content.decode()
    assert "nombre entier" in html and "1\u202f234 ou 1\u202f235" in html
    assert 'value="1 234,5"' in html
    assert not Value.objects.filter(report=report).exists()


def test_more_decimals_than_the_indicator_has_are_refused(client, dir_dases, report, delay):
    client.force_login(dir_dases)
    response = _save(client, report, f"v-{delay.pk}-0", "20,45")
    assert response["X-Autosave"] == "error"
    assert "1 décimale au plus" in response.content.decode()
    assert _save(client, report, f"v-{delay.pk}-0", "20,50")["X-Autosave"] == "saved"
    assert Value.objects.get(report=report).value == Decimal("20.5")


def test_a_saved_value_is_shown_back_with_its_thousands_separator(
    client, dir_dases, report, shelter
):
    client.force_login(dir_dases)
    name = f"v-{shelter.pk}-0"
    assert 'value="2\u202f647"' in _save(client, report, name, "2647").content.decode()
    html = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    assert 'value="2\u202f647"' in html
    # Sent back untouched (the form without JavaScript), it is the same value: nothing changes.
    value = Value.objects.get(report=report)
    _save(client, report, name, "2\u202f647", version=value.version)
    value.refresh_from_db()
    assert value.version == 1 and value.value == 2647


def test_an_error_replaces_the_fields_old_warning(client, dir_dases, report, shelter):
    client.force_login(dir_dases)
    name = f"v-{shelter.pk}-0"
    assert "Écart de" in _save(client, report, name, "9000").content.decode()
    html = _save(client, report, name, "9 000,5", version=1).content.decode()
    assert "nombre entier" in html
    assert "Écart de" not in html and "hors de la plage" not in html


def test_an_indicators_title_is_no_tab_stop_between_the_fields(client, dir_dases, report, shelter):
    client.force_login(dir_dases)
    html = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    title = html[html.index(f'id="ind-title-{shelter.pk}"') :]
    assert 'tabindex="-1"' in title[: title.index("</h2>")]
