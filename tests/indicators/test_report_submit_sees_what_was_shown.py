"""A report is submitted with the values its author's page showed, or not at all."""

from __future__ import annotations

import html as htmllib
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from indicators import services
from indicators.models import Report, Value

pytestmark = pytest.mark.django_db

_INPUT = re.compile(r'<input[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"')
_TEXTAREA = re.compile(r'<textarea[^>]*\bname="([^"]+)"[^>]*>(.*?)</textarea>', re.S)


def _form_of(page: str) -> dict[str, str]:
    """What the report form posts when its submit button is pressed, as the page was drawn."""
    form = page[
        page.index('id="report-form"') : page.index("</form>", page.index('id="report-form"'))
    ]
    data = {name: htmllib.unescape(value) for name, value in _INPUT.findall(form)}
    data.update({name: htmllib.unescape(text) for name, text in _TEXTAREA.findall(form)})
    data.pop("csrfmiddlewaretoken", None)
    return data


def _open(client: Client, report: Report) -> dict[str, str]:
    response = client.get(reverse("indicators:report", args=[report.pk]))
    assert response.status_code == 200
    return _form_of(response.content.decode())


def _submit(client: Client, report: Report, data: dict[str, str]):
    return client.post(reverse("indicators:report_submit", args=[report.pk]), data)


@pytest.fixture
def filled(report, shelter, delay, dir_dases):
    """A complete draft: both indicators saved once by the director."""
    for indicator, raw in ((shelter, "4900"), (delay, "20,5")):
        services.value_save(
            report=report,
            indicator=indicator,
            arrondissement=None,
            raw=raw,
            version=0,
            user=dir_dases,
        )
    return report


def test_a_colleagues_save_after_the_page_was_opened_refuses_the_submit_and_says_who_changed_what(
    filled, shelter, dir_dases, ref_dases
):
    director, colleague = Client(), Client()
    director.force_login(dir_dases)
    colleague.force_login(ref_dases)
    seen = _open(director, filled)
    assert seen[f"v-{shelter.pk}-0"] == "4\u202f900"  # shown the French way
    colleague_form = _open(colleague, filled)
    name = f"v-{shelter.pk}-0"
    colleague.post(
        reverse("indicators:report_save", args=[filled.pk]),
        {name: "5 100", f"ver-{name}": colleague_form[f"ver-{name}"]},
        HTTP_HX_REQUEST="true",
    )

    response = _submit(director, filled, seen)

    assert response.status_code == 409
    filled.refresh_from_db()
    assert filled.status == Report.Status.DRAFT and filled.submitted_at is None
    assert Value.objects.get(report=filled, indicator=shelter).value == Decimal("5100")
    page = htmllib.unescape(response.content.decode())
    assert "Le rapport n'a pas été soumis" in page
    who = ref_dases.get_full_name() or ref_dases.get_username()
    assert f"Personnes mises à l'abri : 4\u202f900 → 5\u202f100, par {who} le " in page
    # The page now shows the new value and its version, so a second submit sends what was seen.
    again = _form_of(response.content.decode())
    assert again[name] == "5\u202f100"
    assert _submit(director, filled, again).status_code == 302
    filled.refresh_from_db()
    assert filled.status == Report.Status.SUBMITTED


def test_a_comment_saved_by_a_colleague_meanwhile_also_refuses_the_submit(
    filled, shelter, dir_dases, ref_dases
):
    director = Client()
    director.force_login(dir_dases)
    seen = _open(director, filled)
    services.comment_save(
        report=filled, indicator=shelter, text="Plan grand froid", version=0, user=ref_dases
    )

    response = _submit(director, filled, seen)

    assert response.status_code == 409
    page = htmllib.unescape(response.content.decode())
    assert "Commentaire de « Personnes mises à l'abri » : vide → Plan grand froid" in page
    assert "Plan grand froid</textarea>" in page
    filled.refresh_from_db()
    assert filled.status == Report.Status.DRAFT


def test_without_a_change_in_between_the_submit_works_as_before(filled, dir_dases):
    director = Client()
    director.force_login(dir_dases)

    response = _submit(director, filled, _open(director, filled))

    assert response.status_code == 302
    filled.refresh_from_db()
    assert filled.status == Report.Status.SUBMITTED and filled.submitted_by == dir_dases


def test_the_authors_own_autosave_racing_the_submit_is_not_a_change(filled, shelter, dir_dases):
    """Leaving a field by clicking « Soumettre » sends its autosave and the form together."""
    director = Client()
    director.force_login(dir_dases)
    seen = _open(director, filled)
    name = f"v-{shelter.pk}-0"
    seen[name] = "4 950"
    director.post(
        reverse("indicators:report_save", args=[filled.pk]),
        {name: "4 950", f"ver-{name}": seen[f"ver-{name}"]},
        HTTP_HX_REQUEST="true",
    )

    response = _submit(director, filled, seen)  # still carrying the version before the autosave

    assert response.status_code == 302
    filled.refresh_from_db()
    assert filled.status == Report.Status.SUBMITTED
    assert Value.objects.get(report=filled, indicator=shelter).value == Decimal("4950")


def test_the_service_refuses_versions_older_than_the_saved_ones_and_submits_nothing(
    filled, shelter, delay, dir_dases, ref_dases
):
    seen = {f"v-{shelter.pk}-0": 1, f"v-{delay.pk}-0": 1}
    services.value_save(
        report=filled, indicator=delay, arrondissement=None, raw="22", version=1, user=ref_dases
    )

    with pytest.raises(services.ReportChanged) as refused:
        services.report_submit(report=filled, user=dir_dases, seen=seen)

    (change,) = refused.value.changes
    assert (change.before, change.after) == ("20,5", "22,0")
    assert change.name == f"v-{delay.pk}-0"
    filled.refresh_from_db()
    assert filled.status == Report.Status.DRAFT
