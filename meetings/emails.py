"""The meetings' emails, as the outbox names them (`/envois/`). The outbox sends them; this app
decides only what is due and to whom (`services.agenda_emails_queue`,
`services.action_reminders_queue`)."""

from __future__ import annotations

PURPOSES = {
    "meetings.agenda": "Ordre du jour publié",
    "meetings.action_reminder": "Rappel d'action à échéance",
}
