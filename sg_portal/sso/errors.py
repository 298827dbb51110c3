"""Why a sign-in with the City's account was refused, in the words the person reads."""

from __future__ import annotations

MESSAGES = {
    "unreachable": (
        "Le service de connexion de la Ville de Paris ne répond pas. Réessayez dans quelques "
        "minutes ; si cela dure, prévenez l'administrateur du portail."
    ),
    "provider_error": (
        "La connexion avec votre compte Ville de Paris a été annulée ou refusée par le service "
        "de connexion. Réessayez."
    ),
    "state": (
        "Cette demande de connexion a déjà servi ou a expiré. Recommencez depuis la page de "
        "connexion."
    ),
    "expired": "Votre connexion a expiré avant d'aboutir. Recommencez depuis la page de connexion.",
    "clock": (
        "La connexion a été refusée : l'heure du portail et celle du service de connexion ne "
        "concordent pas. Prévenez l'administrateur du portail."
    ),
    "audience": (
        "La connexion a été refusée : le jeton reçu n'était pas destiné au portail. Prévenez "
        "l'administrateur du portail."
    ),
    "invalid": (
        "La connexion a été refusée : la réponse du service de connexion n'a pas pu être "
        "vérifiée. Réessayez ; si cela se reproduit, prévenez l'administrateur du portail."
    ),
    "inactive": "Ce compte est désactivé. Contactez l'administrateur du portail.",
}


class SignInRefused(Exception):
    """A sign-in refused for `reason` (a key of MESSAGES); `detail` goes to the log only."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason if reason in MESSAGES else "invalid"
        self.detail = detail

    @property
    def message(self) -> str:
        return MESSAGES[self.reason]


class NoAccess(Exception):
    """The directory knows the person, but none of their groups is mapped to a role."""
