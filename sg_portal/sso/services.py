"""A sign-in with the City's account: the person's identity, their account, their role and scope.

At every sign-in the role and scope follow the directory: the groups in the claims are looked up
in the administrators' mapping, and the account takes what the mapping says (a director who
changed direction sees only her new direction). A person with no mapped group gets no access;
the administrators are told once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from directions import policy
from sg_portal.journal.services import journal_record
from sg_portal.outbox.services import email_queue
from sg_portal.sso.errors import NoAccess, SignInRefused
from sg_portal.sso.models import GroupMapping, Identity

NAME_MAX = 150
USERNAME_MAX = 150


def _text(claims: dict[str, Any], name: str, limit: int) -> str:
    value = claims.get(name)
    return " ".join(str(value).split())[:limit] if value not in (None, "") else ""


def claimed_groups(claims: dict[str, Any]) -> list[str]:
    """The directory's groups, as a list of names (a provider may send a single string)."""
    raw = claims.get(settings.OIDC_CLAIM_GROUPS) or []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return []
    return sorted({str(group).strip() for group in raw if str(group).strip()})


def mapping_for(groups: list[str]) -> GroupMapping | None:
    return GroupMapping.objects.filter(group__in=groups).order_by("priority", "pk").first()


def _identity_for(*, issuer: str, subject: str, employee_id: str) -> Identity:
    """The identity of this subject, or of this employee id (same person, new subject), locked
    until the sign-in commits; created when the person is new."""

    def find() -> Identity | None:
        found = Identity.objects.select_for_update().filter(issuer=issuer, subject=subject).first()
        if found is None and employee_id:
            found = Identity.objects.select_for_update().filter(employee_id=employee_id).first()
        return found

    found = find()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Identity.objects.create(issuer=issuer, subject=subject, employee_id=employee_id)
    except IntegrityError:
        # The same person signing in from another tab won the race: take its row.
        found = find()
    if found is None:
        raise SignInRefused("invalid", f"identité {subject} introuvable après un conflit")
    return found


def _free_username(email: str, subject: str) -> str:
    User = get_user_model()
    wanted = (email or f"compte-{subject}")[:USERNAME_MAX]
    candidate, n = wanted, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{wanted[: USERNAME_MAX - 4]}-{n}"
    return candidate


def _account_for(identity: Identity, *, email: str) -> tuple[Any, bool]:
    """The identity's account; else an existing local account with this email, linked rather
    than duplicated; else a new account without a password. Returns (user, created)."""
    User = get_user_model()
    if identity.user_id is not None:
        return identity.user, False
    if email:
        same_email = list(User.objects.filter(email__iexact=email, city_identity__isnull=True)[:2])
        if len(same_email) == 1:
            return same_email[0], False
    user = User(username=_free_username(email, identity.subject), email=email)
    user.set_unusable_password()
    user.save()
    return user, True


def _tell_administrators(identity: Identity) -> None:
    """Once per person: the key is unique in the outbox."""
    admins = get_user_model().objects.filter(policy.administrators_q()).exclude(email="")
    recipients = sorted(set(admins.values_list("email", flat=True)))
    if not recipients:
        return
    groups = ", ".join(identity.groups) or "aucun groupe"
    mapping_url = settings.SITE_URL + reverse("admin:sso_groupmapping_changelist")
    body = (
        "Bonjour,\n\n"
        f"{identity.full_name or identity.email or identity.subject} "
        f"({identity.email or 'sans courriel'}, matricule {identity.employee_id or 'inconnu'}) "
        "s'est connecté·e au portail du Secrétariat général avec son compte Ville de Paris, "
        "mais aucun de ses groupes de l'annuaire ne donne accès au portail.\n\n"
        f"Ses groupes : {groups}.\n\n"
        "Si cette personne doit utiliser le portail, ajoutez une correspondance de groupe "
        f"(rôle, direction ou pôle) dans l'administration : {mapping_url}\n"
        "Elle aura accès à sa prochaine connexion.\n"
    )
    email_queue(
        purpose="sso.unmapped_account",
        key=f"sso.unmapped_account:{identity.pk}",
        to=recipients,
        subject=f"Compte sans accès au portail : {identity.full_name or identity.email}",
        body=body,
        about=identity,
    )


def city_account_sign_in(*, issuer: str, claims: dict[str, Any]) -> Any:
    """The account of the person the verified claims describe, with the role and scope their
    directory groups give. Raises NoAccess when no group is mapped (the identity and the
    administrators' email are kept), SignInRefused when the claims are unusable or the account
    was deactivated."""
    user = _sign_in(issuer=issuer, claims=claims)
    if user is None:
        raise NoAccess(str(claims.get(settings.OIDC_CLAIM_EMAIL) or claims.get("sub")))
    return user


@transaction.atomic
def _sign_in(*, issuer: str, claims: dict[str, Any]) -> Any:
    subject = _text(claims, "sub", 255)
    if not subject:
        raise SignInRefused("invalid", "aucun identifiant (sub) dans les claims")
    employee_id = _text(claims, settings.OIDC_CLAIM_EMPLOYEE_ID, 64)
    email = _text(claims, settings.OIDC_CLAIM_EMAIL, 254).lower()
    first_name = _text(claims, settings.OIDC_CLAIM_GIVEN_NAME, NAME_MAX)
    last_name = _text(claims, settings.OIDC_CLAIM_FAMILY_NAME, NAME_MAX)
    groups = claimed_groups(claims)

    identity = _identity_for(issuer=issuer, subject=subject, employee_id=employee_id)
    identity.issuer, identity.subject = issuer, subject
    identity.employee_id = employee_id or identity.employee_id
    identity.email = email
    identity.full_name = " ".join(part for part in (first_name, last_name) if part)[:300]
    identity.groups = groups
    identity.last_seen_at = timezone.now()
    identity.save()

    mapping = mapping_for(groups)
    if mapping is None:
        _tell_administrators(identity)
        return None

    user, created = _account_for(identity, email=email)
    if not user.is_active:
        raise SignInRefused("inactive", f"compte {user.username} désactivé")
    if identity.user_id != user.pk:
        identity.user = user
        identity.save(update_fields=["user"])

    before = policy.directory_scope(user)
    changed = policy.directory_scope_apply(
        user,
        role=mapping.portal_role,
        direction_id=mapping.direction_id,
        pole_id=mapping.pole_id,
        elected_official_id=mapping.elected_official_id,
    )
    for name, value in (("first_name", first_name), ("last_name", last_name), ("email", email)):
        if value and getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if changed:
        user.save(update_fields=changed)
    after = policy.directory_scope(user)
    if created:
        journal_record(actor=None, action="sso.account.create", obj=user, after=after)
    elif before != after:
        journal_record(
            actor=None,
            action="sso.account.scope",
            obj=user,
            before=before,
            after=after,
            comment=f"Groupe de l'annuaire : {mapping.group}",
        )
    return user
