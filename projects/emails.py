"""The projects' emails, as the outbox names them (`/envois/`). The outbox sends them; this app
decides only what is due and to whom (`services.status_reminders_queue`,
`services.status_question_queue`)."""

from __future__ import annotations

PURPOSES = {
    "projects.status_reminder": "Relance de point d'avancement",
    "projects.status_question": "Question sur un point d'avancement",
    "projects.status_answer": "Réponse à une question sur un point d'avancement",
}
