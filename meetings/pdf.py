"""The ordre du jour and the relevé de décisions as PDF, laid out as an administration expects."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from sg_portal.pdf import PdfDocument


def _header(pdf: PdfDocument, meeting, heading: str) -> None:
    pdf.add_page()
    pdf.letterhead()
    pdf.ln(4)
    pdf.paragraph(heading.upper(), 16, True, 8)
    pdf.paragraph(meeting.body.name, 13, True, 7)
    pdf.ln(2)
    start = timezone.localtime(meeting.starts_at)
    rows = [
        ("Date", date_format(start, "l j F Y").capitalize()),
        ("Heure", f"{start:%Hh%M} – {timezone.localtime(meeting.ends_at):%Hh%M}"),
        ("Lieu", meeting.place or "—"),
        ("Présidence", str(meeting.body.chair) if meeting.body.chair_id else "—"),
    ]
    if meeting.guests:
        rows.append(("Invité·e·s", "; ".join(meeting.guests)))
    if meeting.is_cancelled:
        rows.append(("État", f"ANNULÉE — {meeting.cancel_reason}"))
    for label, value in rows:
        pdf.font(10, True)
        pdf.cell(32, 6, pdf.t(label))
        pdf.font(10)
        pdf.multi_cell(0, 6, pdf.t(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_draw_color(0)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)


def _item(pdf: PdfDocument, entry, *, with_decision: bool) -> None:
    item = entry.item
    pdf.font(10, True)
    pdf.cell(16, 6, pdf.t(f"{entry.starts:%Hh%M}"))
    pdf.multi_cell(0, 6, pdf.t(f"{entry.number}. {item.title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(pdf.l_margin + 16)
    pdf.font(9)
    pdf.set_text_color(70)
    details = [item.get_item_type_display(), f"{item.duration_minutes} min"]
    if item.presenter_label:
        details.insert(0, f"Présenté par {item.presenter_label}")
    if item.subject_label:
        details.append(f"Concerne : {item.subject_label}")
    pdf.multi_cell(0, 5, pdf.t(" · ".join(details)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    if with_decision:
        pdf.set_x(pdf.l_margin + 16)
        pdf.font(10)
        pdf.multi_cell(
            0,
            5.5,
            pdf.t("Décision : " + (item.decision or "aucune décision consignée.")),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        for action in item.actions.all():
            pdf.set_x(pdf.l_margin + 16)
            pdf.multi_cell(
                0,
                5.5,
                pdf.t(
                    f"→ Action : {action.title} — {action.owner}, pour le {action.due_date:%d/%m/%Y}"
                ),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    pdf.ln(2.5)


def agenda_pdf(meeting, timed, open_actions) -> bytes:
    pdf = PdfDocument(f"Ordre du jour — {meeting.body.name}")
    _header(pdf, meeting, "Ordre du jour")
    if not timed:
        pdf.paragraph("L'ordre du jour n'a pas encore de point.")
    for entry in timed:
        _item(pdf, entry, with_decision=False)
    if open_actions:
        pdf.ln(2)
        pdf.paragraph("Suivi des actions en cours", 11, True, 7)
        for action in open_actions:
            pdf.paragraph(
                f"• {action.title} — {action.owner}, échéance {action.due_date:%d/%m/%Y}", 9.5
            )
    return bytes(pdf.output())


def minutes_pdf(meeting, timed, attendances, actions) -> bytes:
    pdf = PdfDocument(f"Relevé de décisions — {meeting.body.name}")
    _header(pdf, meeting, "Relevé de décisions")
    if attendances:
        groups: dict[str, list[str]] = {}
        for att in attendances:
            label = str(att.user)
            if att.represented_by:
                label += f" (représenté·e par {att.represented_by})"
            groups.setdefault(att.get_status_display(), []).append(label)
        for status, names in groups.items():
            pdf.paragraph(f"{status} : " + ", ".join(names), 9.5)
        pdf.ln(3)
    for entry in timed:
        _item(pdf, entry, with_decision=True)
    loose = [a for a in actions if a.item_id is None]
    if loose:
        pdf.paragraph("Autres actions décidées", 11, True, 7)
        for action in loose:
            pdf.paragraph(
                f"• {action.title} — {action.owner}, pour le {action.due_date:%d/%m/%Y}", 9.5
            )
    return bytes(pdf.output())
