"""The emails of the reporting: their purposes in the outbox, and the notices of a review.

The reminders and the digest are decided in `indicators.reminders`; every one of them, like the
notices below, is queued through the outbox in the transaction of the act that causes it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from directions import policy
from directions.models import User
from indicators.models import Report
from sg_portal.outbox.models import Email
from sg_portal.outbox.services import email_queue

REMINDER = "indicators.reminder"
ESCALATION = "indicators.escalation"
DIGEST = "indicators.digest"
REPORT_RETURNED = "indicators.report_returned"
REPORT_REOPENED = "indicators.report_reopened"

# The French label of each purpose, shown by the outbox's pages.
PURPOSES = {
    REMINDER: "Rappel de rapport",
    ESCALATION: "Escalade d'un rapport en retard",
    DIGEST: "Synthèse de quinzaine du reporting",
    REPORT_RETURNED: "Rapport renvoyé à la direction",
    REPORT_REOPENED: "Rapport rouvert",
}
# The purposes of the reminders' log (`/rapports/rappels/`).
REMINDER_PURPOSES = (REMINDER, ESCALATION)


def _direction_emails(report: Report) -> list[str]:
    """The director and the référents of the report's direction."""
    return sorted(
        {
            address.strip().lower()
            for address in User.objects.filter(policy.direction_filers_q(report.direction_id))
            .exclude(email="")
            .values_list("email", flat=True)
            if address.strip()
        }
    )


def review_notice_queue(*, report: Report, reopened: bool, at: dt.datetime) -> Email:
    """Tell the direction its report came back to it, with the reviewer's comment.

    Called inside the transaction of the return (or the reopening); `at` is the moment of that
    act, so each act queues exactly one notice.
    """
    report = Report.objects.select_related("direction", "period", "reviewed_by").get(pk=report.pk)
    context = {
        "report": report,
        "reopened": reopened,
        "url": settings.SITE_URL.rstrip("/") + reverse("indicators:report", args=[report.pk]),
    }
    purpose = REPORT_REOPENED if reopened else REPORT_RETURNED
    verb = "rouvert" if reopened else "renvoyé"
    return email_queue(
        purpose=purpose,
        key=f"{purpose}:{report.pk}:{at.isoformat()}",
        to=_direction_emails(report),
        subject=f"Rapport {verb} : {report.direction.code}, {report.period.label}",
        body=render_to_string("indicators/email/report_returned.txt", context),
        html=render_to_string("indicators/email/report_returned.html", context),
        about=report,
    )
