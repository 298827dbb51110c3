"""The content security policy allows no inline style: a `style="…"` attribute in a template is
silently ignored by the browser (the risk map once lost all its colours that way)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


def test_no_template_relies_on_an_inline_style():
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if STYLE_ATTRIBUTE.search(line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}")
    assert not offenders, "style attributes the CSP blocks: " + ", ".join(offenders)
