"""The note au Maire as PDF: the orientation, the scenarios side by side, the préconisation and
its reasons, the table of opinions (person × scenario) of the last round of consultation, the
reservations quoted, and a line for each earlier round."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format

from sg_portal.pdf import PdfDocument


def euros(value) -> str:
    """Whole euros, rounded half up as the page's `floatformat` does."""
    whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{number_format(whole, 0, force_grouping=True)} €"


def _heading(pdf: PdfDocument, text: str) -> None:
    pdf.ln(3)
    pdf.paragraph(text, 12, True, 7)


def _earlier_round(earlier) -> str:
    """One line per earlier round: who said what, as on the print view."""
    deadline = f", date limite le {earlier.deadline:%d/%m/%Y}" if earlier.deadline else ""
    said = " ; ".join(
        f"{r.official.full_name} — "
        + (r.verdict_state.label.lower() if r.verdict_state else "sans réponse")
        for r in earlier.requests
    )
    return f"Consultation n° {earlier.number} (demandes du {timezone.localtime(earlier.sent_at):%d/%m/%Y}{deadline}) : {said}."


def note_pdf(context: dict) -> bytes:
    orientation = context["orientation"]
    scenarios = context["scenarios"]
    pdf = PdfDocument(
        f"Note à la Maire — {orientation.title}",
        landscape=True,
        margins=(15, 14, 15),
        bottom=15,
        footer_at=12,
        paragraph_height=5.2,
    )
    pdf.add_page()
    pdf.letterhead()
    pdf.ln(2)
    pdf.paragraph("NOTE À L'ATTENTION DE MADAME LA MAIRE", 15, True, 8)
    pdf.paragraph(orientation.title, 13, True, 7)
    pdf.paragraph(
        f"Origine : {orientation.get_origin_display()} — arbitrage attendu le "
        f"{date_format(orientation.arbitration_due, 'j F Y')}",
        9.5,
    )
    _heading(pdf, "L'orientation")
    pdf.paragraph(orientation.text)

    _heading(pdf, "Les scénarios")
    rows = [
        ("Description", lambda s: s.description),
        ("Fonctionnement", lambda s: euros(s.cost_operating)),
        ("Investissement", lambda s: euros(s.cost_investment)),
        ("Calendrier", lambda s: s.calendar),
        (
            "Véhicule juridique",
            lambda s: s.get_vehicle_display() + (f" ({s.sitting.label})" if s.sitting else ""),
        ),
        ("Directions", lambda s: ", ".join(d.code for d in s.directions.all()) or "—"),
        ("Effet par arrondissement", lambda s: s.arrondissement_effects or "—"),
        ("Risques", lambda s: s.risks or "—"),
        ("Avantages", lambda s: s.advantages or "—"),
        ("Inconvénients", lambda s: s.drawbacks or "—"),
    ]
    if scenarios:
        pdf.font(8.5)
        with pdf.table(
            col_widths=(30, *([90] * len(scenarios))), text_align="LEFT", line_height=4.6
        ) as table:
            head = table.row()
            head.cell(pdf.t(""))
            for s in scenarios:
                mark = " (préconisé)" if s.pk == orientation.recommended_id else ""
                head.cell(pdf.t(f"Scénario {s.letter} — {s.title}{mark}"))
            for label, value in rows:
                row = table.row()
                row.cell(pdf.t(label))
                for s in scenarios:
                    row.cell(pdf.t(value(s)))

    _heading(pdf, "La préconisation du Secrétariat général")
    recommended = next((s for s in scenarios if s.pk == orientation.recommended_id), None)
    if recommended:
        pdf.paragraph(f"Scénario {recommended.letter} — {recommended.title}", 10.5, True)
        pdf.paragraph(orientation.recommendation_reasons)
    else:
        pdf.paragraph("Aucun scénario n'est encore préconisé.")

    _heading(pdf, "Les avis recueillis")
    earlier_rounds = context.get("earlier_rounds", [])
    if earlier_rounds:
        pdf.paragraph(
            f"Consultation n° {orientation.consultation_round}, ouverte le "
            f"{date_format(orientation.consultation_opened_at, 'j F Y')} après un renvoi ; "
            "les consultations précédentes sont résumées plus bas.",
            9.5,
        )
    requests = context["requests"]
    if not requests:
        pdf.paragraph("Aucun avis n'a été demandé.")
    else:
        pdf.font(8.5)
        with pdf.table(
            col_widths=(60, 40, *([40] * len(scenarios))), text_align="LEFT", line_height=4.6
        ) as table:
            head = table.row()
            for text in ["Élu·e", "Avis", *[f"Scénario {s.letter}" for s in scenarios]]:
                head.cell(pdf.t(text))
            for request, per_scenario in context["rows"]:
                row = table.row()
                row.cell(
                    pdf.t(f"{request.official.full_name} — {request.official.get_office_display()}")
                )
                verdict = request.verdict_state
                label = verdict.label if verdict else "En attente"
                if verdict and verdict.value == "repute_sans_avis":
                    label += f" (demande du {request.sent_at:%d/%m/%Y})"
                row.cell(pdf.t(label))
                for v in per_scenario:
                    row.cell(pdf.t(v.label if v else "—"))
    if context["reservations"]:
        _heading(pdf, "Les réserves et observations")
        for request in context["reservations"]:
            pdf.paragraph(
                f"{request.official.full_name} ({request.verdict_state.label}) :", 10, True
            )
            pdf.paragraph(f"« {request.text} »")
            pdf.ln(1)
    if earlier_rounds:
        _heading(pdf, "Les consultations précédentes")
        for earlier in earlier_rounds:
            pdf.paragraph(_earlier_round(earlier), 9.5)
    return bytes(pdf.output())
