"""The one PDF document every app prints on: its footer counts the pages, its letterhead names the
City, and without the DejaVu font it folds French typography to what latin-1 can print."""

from __future__ import annotations

import io

from pypdf import PdfReader

from sg_portal import pdf


def _text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_every_page_says_the_title_and_its_number_out_of_the_total():
    document = pdf.PdfDocument("Ordre du jour — CDS")
    for _ in range(2):
        document.add_page()
        document.letterhead()
        document.paragraph("Tour de table des directions")
    pages = _text(bytes(document.output()))
    assert len(pages) == 2
    assert "VILLE DE PARIS — SECRÉTARIAT GÉNÉRAL" in pages[0]
    assert "Ordre du jour — CDS — page 2/2" in pages[1]


def test_a_landscape_document_is_wider_than_tall():
    document = pdf.PdfDocument("Note à la Maire", landscape=True)
    document.add_page()
    page = PdfReader(io.BytesIO(bytes(document.output()))).pages[0]
    assert page.mediabox.width > page.mediabox.height


def test_without_dejavu_the_text_is_folded_to_latin_1(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    document = pdf.PdfDocument("Note")
    document.add_page()
    document.paragraph("Cœur de métier — l’équipe : 1 200 €…")
    [page] = _text(bytes(document.output()))
    assert "Coeur de métier - l'équipe : 1 200 EUR..." in page
