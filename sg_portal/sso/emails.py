"""The emails of the single sign-on, by purpose (see `sg_portal.outbox.purposes`)."""

PURPOSES = {"sso.unmapped_account": "Compte Ville de Paris sans accès au portail"}
