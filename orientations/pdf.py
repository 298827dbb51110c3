"""The note au Maire as PDF: the orientation, the scenarios side by side, the préconisation and
its reasons, the table of opinions (person × scenario) and the reservations quoted."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils.formats import date_format, number_format
from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def euros(value) -> str:
    """Whole euros, rounded half up as the page's `floatformat` does."""
    whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{number_format(whole, 0, force_grouping=True)} €"


class _Note(FPDF):
    def __init__(self, title: str):
        super().__init__(orientation="landscape", format="A4")
        self.doc_title = title
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            self.add_font("DejaVu", "", str(regular))
            self.add_font("DejaVu", "B", str(bold))
            self.family, self.unicode = "DejaVu", True
        else:  # a machine without DejaVu: a core font, text folded to latin-1
            self.family, self.unicode = "Helvetica", False
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=15)
        self.alias_nb_pages()

    def t(self, text: str) -> str:
        text = str(text)
        if self.unicode:
            return text
        return text.replace("€", "EUR").encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)

    def footer(self) -> None:
        self.set_y(-12)
        self.font(8)
        self.set_text_color(110)
        self.cell(0, 6, self.t(f"{self.doc_title} — page {self.page_no()}/{{nb}}"), align="C")
        self.set_text_color(0)

    def para(self, text: str, size: float = 10, bold: bool = False, h: float = 5.2) -> None:
        self.font(size, bold)
        self.multi_cell(0, h, self.t(text), new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.para(text, 12, True, 7)


def note_pdf(context: dict) -> bytes:
    orientation = context["orientation"]
    scenarios = context["scenarios"]
    pdf = _Note(f"Note à la Maire — {orientation.title}")
    pdf.add_page()
    pdf.font(9, True)
    pdf.set_text_color(90)
    pdf.cell(0, 5, pdf.t("VILLE DE PARIS — SECRÉTARIAT GÉNÉRAL"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(2)
    pdf.para("NOTE À L'ATTENTION DE MADAME LA MAIRE", 15, True, 8)
    pdf.para(orientation.title, 13, True, 7)
    pdf.para(
        f"Origine : {orientation.get_origin_display()} — arbitrage attendu le "
        f"{date_format(orientation.arbitration_due, 'j F Y')}",
        9.5,
    )
    pdf.heading("L'orientation")
    pdf.para(orientation.text)

    pdf.heading("Les scénarios")
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

    pdf.heading("La préconisation du Secrétariat général")
    recommended = next((s for s in scenarios if s.pk == orientation.recommended_id), None)
    if recommended:
        pdf.para(f"Scénario {recommended.letter} — {recommended.title}", 10.5, True)
        pdf.para(orientation.recommendation_reasons)
    else:
        pdf.para("Aucun scénario n'est encore préconisé.")

    pdf.heading("Les avis recueillis")
    requests = context["requests"]
    if not requests:
        pdf.para("Aucun avis n'a été demandé.")
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
        pdf.heading("Les réserves et observations")
        for request in context["reservations"]:
            pdf.para(f"{request.official.full_name} ({request.verdict_state.label}) :", 10, True)
            pdf.para(f"« {request.text} »")
            pdf.ln(1)
    return bytes(pdf.output())
