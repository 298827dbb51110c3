"""The printable sign-in sheet of an auditorium session: one line per person with a seat."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from communication.models import Registration, Session
from sg_portal.pdf import PdfDocument


def sign_in_sheet(session: Session, registrations: list[Registration]) -> bytes:
    start = timezone.localtime(session.starts_at)
    # Black throughout: a sheet to sign, often photocopied.
    pdf = PdfDocument(
        f"Émargement — {session.title}",
        margins=(15, 15, 15),
        bottom=16,
        footer_at=12,
        footer_grey=0,
    )
    pdf.add_page()
    pdf.letterhead(grey=0)
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
