"""Administrators change the matrix (each change saved as a new version, so history keeps the
matrix it was evaluated on), the review intervals and the tolerances."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.db.models import Max

from risks.models import CategoryTolerance, Matrix, ReviewInterval, Risk


@admin.register(Matrix)
class MatrixAdmin(admin.ModelAdmin):
    list_display = ["version", "is_current", "created_at", "created_by"]
    readonly_fields = ["version", "is_current", "created_at", "created_by"]
    fields = ["probability_labels", "impact_labels", "grid", "colours", *readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        # Never rewrite a version: a change is saved as the next version, made current.
        Matrix.objects.filter(is_current=True).update(is_current=False)
        obj.pk = None
        obj._state.adding = True
        obj.version = (Matrix.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        obj.is_current = True
        obj.created_by = request.user
        obj.save()


@admin.register(ReviewInterval)
class ReviewIntervalAdmin(admin.ModelAdmin):
    list_display = ["level", "days"]


@admin.register(CategoryTolerance)
class CategoryToleranceAdmin(admin.ModelAdmin):
    list_display = ["category", "tolerance"]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "scope", "net_level", "next_review_on", "state"]
    list_filter = ["category", "net_level", "state"]
    search_fields = ["title"]
    raw_id_fields = ["owner", "reviewer", "project", "acceptance", "created_by"]
    filter_horizontal = ["contributors"]
