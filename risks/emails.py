"""The risks' emails, as the outbox names them (`/envois/`). The outbox sends them; the risk
tick (`risks.reminders`) decides what is due and to whom."""

from __future__ import annotations

PURPOSES = {
    "risks.review_reminder": "Rappel de revue de risque",
    "risks.review_late": "Revue de risque en retard",
    "risks.escalation": "Risque au-dessus de la tolérance",
    "risks.acceptance_expired": "Acceptation de risque échue",
    "risks.kri_crossed": "Indicateur clé de risque franchi",
}
