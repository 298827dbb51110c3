"""Every PDF the portal prints (an ordre du jour, a relevé de décisions, the cartographie des
risques, the note au Maire, a sign-in sheet), on one document: A4, DejaVu Sans so that French
and its typography print as typed, a footer « title — page n/N », the City's letterhead.

An app lays out its own content with fpdf2's calls and the few helpers below; it passes every
text through `t()`, which keeps it as is with DejaVu and folds it to latin-1 on a machine
without that font (the core fonts know nothing else).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
LETTERHEAD = "VILLE DE PARIS — SECRÉTARIAT GÉNÉRAL"

# What latin-1 lacks, written as a typist would without it.
_LATIN1 = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "—": "-",
        "–": "-",
        "…": "...",
        "·": ".",
        "\u202f": " ",
        "€": "EUR",
    }
)


class PdfDocument(FPDF):
    """margins: left, top, right in mm; bottom: where a page breaks, footer_at: where the
    footer stands, both in mm from the bottom edge; footer_grey: 0 (black) to 255;
    paragraph_height: the default height of a `paragraph` line."""

    def __init__(
        self,
        title: str,
        *,
        landscape: bool = False,
        margins: tuple[float, float, float] = (20, 18, 20),
        bottom: float = 18,
        footer_at: float = 14,
        footer_grey: int = 110,
        paragraph_height: float = 5.5,
    ) -> None:
        super().__init__(orientation="landscape" if landscape else "portrait", format="A4")
        self.doc_title = title
        self.footer_at = footer_at
        self.footer_grey = footer_grey
        self.paragraph_height = paragraph_height
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            self.add_font("DejaVu", "", str(regular))
            self.add_font("DejaVu", "B", str(bold))
            self.font_name, self.unicode = "DejaVu", True
        else:  # a machine without DejaVu: a core font, text folded to latin-1
            self.font_name, self.unicode = "Helvetica", False
        self.set_margins(*margins)
        self.set_auto_page_break(True, margin=bottom)
        self.alias_nb_pages()

    def t(self, text: object) -> str:
        text = str(text)
        if self.unicode:
            return text
        return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.font_name, "B" if bold else "", size)

    def footer(self) -> None:
        self.set_y(-self.footer_at)
        self.font(8)
        self.set_text_color(self.footer_grey)
        self.cell(0, 6, self.t(f"{self.doc_title} — page {self.page_no()}/{{nb}}"), align="C")
        self.set_text_color(0)

    def letterhead(self, grey: int = 90) -> None:
        """The City's name above the document's title, on a page just added."""
        self.font(9, True)
        self.set_text_color(grey)
        self.cell(0, 5, self.t(LETTERHEAD), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)

    def paragraph(
        self, text: str, size: float = 10, bold: bool = False, h: float | None = None
    ) -> None:
        """A text across the page's width, wrapped, the next one below it."""
        self.font(size, bold)
        self.multi_cell(0, h or self.paragraph_height, self.t(text), new_x="LMARGIN", new_y="NEXT")
