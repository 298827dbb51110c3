"""Demo data for the dashboards: the directions' comments on their latest validated values, so an
indicator's page shows why a figure moved. Idempotent (get_or_create, nothing altered)."""

from __future__ import annotations

from indicators.models import Comment, Indicator, Report, Value

COMMENTS = {
    "delai-aides-sociales": "Hausse liée à la réorganisation des équipes d'instruction ; "
    "retour à la normale attendu le mois prochain.",
    "pollution-no2": "Épisode anticyclonique sur la période : dépassements ponctuels à "
    "proximité du périphérique.",
    "absenteisme": "Pic saisonnier (épidémie de grippe) ; plan de prévention en cours.",
    "beneficiaires-rsa": "Stabilisation après la revalorisation d'avril.",
    "taux-occupation-creches": "Deux établissements fermés pour travaux pendant une semaine.",
    "vitesse-bus": "Chantiers du tramway T3 sur les boulevards des Maréchaux.",
}


def seed(stdout=None) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=COMMENTS)}
    for code, text in COMMENTS.items():
        indicator = indicators.get(code)
        if indicator is None:
            continue
        value = (
            Value.objects.filter(indicator=indicator, report__status=Report.Status.VALIDATED)
            .order_by("-period_end")
            .values_list("report_id", flat=True)
            .first()
        )
        if value is not None:
            Comment.objects.get_or_create(
                report_id=value, indicator=indicator, defaults={"text": text}
            )
