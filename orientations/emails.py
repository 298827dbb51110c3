"""The orientations' emails, as the outbox names them (`/envois/`). This app decides what is due
and to whom (`services.consultation_open`, `services.opinion_reminders_queue`); the outbox sends."""

from __future__ import annotations

PURPOSES = {
    "orientations.opinion_request": "Demande d'avis sur une orientation",
    "orientations.opinion_reminder": "Rappel d'avis attendu sur une orientation",
}
