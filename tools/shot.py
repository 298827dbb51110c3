"""Screenshot pages of a running portal as a given user (headless Debian Chromium).

.venv/bin/python tools/shot.py dir.dases / /rapports/ --out screenshots/
.venv/bin/python tools/shot.py - /connexion/            # anonymous
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("username", help="demo account, or - for anonymous")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--password", default="paris2026")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--full", action="store_true", help="full page instead of the viewport")
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": options.width, "height": 900}, locale="fr-FR")
        if options.username != "-":
            page.goto(options.base + "/connexion/")
            page.get_by_label("Identifiant").fill(options.username)
            page.get_by_label("Mot de passe").fill(options.password)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_load_state("networkidle")
        for path in options.paths:
            page.goto(options.base + path)
            page.wait_for_load_state("networkidle")
            name = re.sub(r"[^a-z0-9]+", "-", f"{options.username}{path}".lower()).strip("-")
            target = out / f"{name}-{options.width}.png"
            page.screenshot(path=str(target), full_page=options.full)
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
