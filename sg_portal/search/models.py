from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class Document(models.Model):
    """One searchable object, as its app describes it (`<app>/search.py`).

    The row carries what a hit shows (title, context, excerpt, URL), so a page of results is one
    query; whether a reader may see it is asked of the app's selector at query time.
    """

    kind = models.CharField("type", max_length=60)
    object_id = models.BigIntegerField("objet")
    title = models.CharField("titre", max_length=400)
    code = models.CharField("code", max_length=100, blank=True)
    context = models.CharField("contexte", max_length=300, blank=True)
    body = models.TextField("texte", blank=True)
    url = models.CharField("adresse", max_length=300)
    # Lower case without accents: the SQLite fallback's haystack and the trigrams' material.
    normalised = models.TextField("texte normalisé", blank=True)
    title_normalised = models.CharField("titre normalisé", max_length=400, blank=True)
    # PostgreSQL only (French with unaccent), filled after each write; empty on SQLite.
    vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField("indexé le", auto_now=True)

    class Meta:
        verbose_name = "document indexé"
        verbose_name_plural = "documents indexés"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]
        indexes = [models.Index(fields=["code"], name="search_document_code")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
