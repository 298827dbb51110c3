"""The outbox's acts in the journal, as sentences (see `sg_portal.journal.sentences`)."""

from __future__ import annotations

from sg_portal.journal.models import Entry
from sg_portal.journal.sentences import Sentence


def _resend(entry: Entry) -> Sentence:
    reason = entry.before.get("last_error") or ""
    text = "a renvoyé un email en échec"
    return Sentence(f"{text} ({reason})" if reason else text, tone="warn")


SENTENCES = {"outbox.email.resend": _resend}
