"""An announcement's text as HTML, safely: no HTML typed by a writer ever reaches the page.

Plain text: paragraphs and line breaks, web addresses made links, everything else escaped.
Markdown (CommonMark): titles, lists, emphasis, links; raw HTML is shown as text, images are not
drawn (the portal loads nothing from elsewhere), and links whose scheme could run code
(`javascript:`, `vbscript:`, `data:`, `file:`) are refused by the parser and left as text.
"""

from __future__ import annotations

from django.template.defaultfilters import linebreaks_filter, urlize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
_markdown.disable(["image", "html_inline", "html_block"], ignoreInvalid=True)


def render_text(text: str, text_format: str) -> SafeString:
    if text_format == "markdown":
        # markdown-it escapes every character of the source that is not Markdown syntax.
        return mark_safe(_markdown.render(text))
    return linebreaks_filter(urlize(escape(text), autoescape=False), autoescape=False)
