"""The register's exports (CSV, XLSX through the kernel, PDF « cartographie des risques ») and
the matrix changed by an administrator as a new version."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from risks.models import Matrix

pytestmark = pytest.mark.django_db


def test_the_register_exports_the_readers_selection_as_csv_and_xlsx(
    client, make_risk, dir_drh, cast
):
    make_risk(title='=HYPERLINK("x")')  # DASES: a formula stays text
    client.force_login(cast["dir.dases"])
    csv = client.get("/risques/?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Risque;Catégorie;Périmètre")
    assert "'=HYPERLINK" in text
    xlsx = client.get("/risques/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    client.force_login(dir_drh)
    assert "HYPERLINK" not in client.get("/risques/?format=csv").content.decode("utf-8-sig")


def test_the_map_prints_as_a_pdf_for_the_cds_folder(client, make_risk, sg_user):
    make_risk(title="Rupture de l'accueil d'urgence")
    client.force_login(sg_user)
    response = client.get("/risques/carte/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Cartographie des risques" in text and "Rupture de l" in text


def test_an_administrator_changes_the_matrix_as_a_new_version(admin_client, make_risk):
    risk = make_risk()
    v1 = Matrix.objects.get(is_current=True)
    response = admin_client.post(
        f"/admin/risks/matrix/{v1.pk}/change/",
        {
            "probability_labels": '["Rare", "Possible", "Probable", "Certain"]',
            "impact_labels": '["Mineur", "Significatif", "Majeur", "Critique"]',
            "grid": '[["faible","faible","modere","eleve"],["faible","modere","eleve","eleve"],'
            '["modere","eleve","critique","critique"],["eleve","critique","critique","critique"]]',
            "colours": '{"faible": "#d7eedd", "modere": "#fbeec2", "eleve": "#f9d2ae", "critique": "#f4b9b3"}',
        },
    )
    assert response.status_code == 302
    assert list(Matrix.objects.order_by("version").values_list("version", "is_current")) == [
        (1, False),
        (2, True),
    ]
    v1.refresh_from_db()
    assert v1.probability_labels[0] == "Peu probable"  # history is not rewritten
    risk.refresh_from_db()
    assert risk.matrix == v1
