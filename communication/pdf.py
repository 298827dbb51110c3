"""The printable sign-in sheet of an auditorium session: one line per person with a seat."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from fpdf import FPDF

from communication.models import Registration, Session

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


class _Sheet(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.doc_title = title
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            self.add_font("DejaVu", "", str(regular))
            self.add_font("DejaVu", "B", str(bold))
            self.family_name, self.unicode = "DejaVu", True
        else:  # a machine without DejaVu: a core font, text folded to latin-1
            self.family_name, self.unicode = "Helvetica", False
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages()

    def t(self, text: str) -> str:
        if self.unicode:
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family_name, "B" if bold else "", size)

    def footer(self) -> None:
        self.set_y(-12)
        self.font(8)
        self.cell(0, 6, self.t(f"{self.doc_title} — page {self.page_no()}/{{nb}}"), align="C")


def sign_in_sheet(session: Session, registrations: list[Registration]) -> bytes:
    start = timezone.localtime(session.starts_at)
    pdf = _Sheet(f"Émargement — {session.title}")
    pdf.add_page()
    pdf.font(9, True)
    pdf.cell(0, 5, pdf.t("VILLE DE PARIS — SECRÉTARIAT GÉNÉRAL"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.font(15, True)
    pdf.multi_cell(0, 7, pdf.t("FEUILLE D'ÉMARGEMENT"), new_x="LMARGIN", new_y="NEXT")
    pdf.font(12, True)
    pdf.multi_cell(0, 6, pdf.t(session.title), new_x="LMARGIN", new_y="NEXT")
    pdf.font(10)
    when = date_format(start, "l j F Y").capitalize() + f", {start:%Hh%M}"
    pdf.multi_cell(0, 6, pdf.t(f"{when} — {session.room}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (10, 62, 28, 45, 35)
    pdf.font(9, True)
    for width, label in zip(
        widths, ("N°", "Nom", "Direction", "Venu·e à la place de", "Signature"), strict=True
    ):
        pdf.cell(width, 8, pdf.t(label), border=1)
    pdf.ln()
    pdf.font(9)
    seated = [r for r in registrations if r.status in Registration.SEATED]
    for number, registration in enumerate(seated, start=1):
        user = registration.user
        name = user.get_full_name() or user.username
        direction = user.direction.code if user.direction_id else ""
        attendee, instead = (
            (registration.deputy_name, name) if registration.deputy_name else (name, "")
        )
        cells = (str(number), attendee[:40], direction, instead[:30], "")
        for width, value in zip(widths, cells, strict=True):
            pdf.cell(width, 10, pdf.t(value), border=1)
        pdf.ln()
    if not seated:
        pdf.cell(0, 8, pdf.t("Aucune inscription."), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
