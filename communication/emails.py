"""The emails of internal communication, as the outbox names them (`/envois/`). The outbox
sends them; this app decides only what is due and to whom (`services`)."""

from __future__ import annotations

PURPOSES = {
    "communication.relay_reminder": "Relance : annonce à relayer",
    "communication.seat_offer": "Auditorium : place libérée à confirmer",
    "communication.session_reminder": "Auditorium : rappel deux jours avant",
}
