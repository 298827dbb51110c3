"""Factories of the projects tests as fixtures: projects, statuses, sittings and deliberations."""

from __future__ import annotations

import pytest

from tests import factories
from tests.factories import paris

__all__ = ["paris"]  # importable from here too, as before


@pytest.fixture
def make_project(cast):
    """A DASES mandate project in its realisation phase (see `factories.make_project`)."""
    return factories.make_project


@pytest.fixture
def make_status(cast):
    """A status update, by `cp.demo` unless told otherwise (see `factories.make_status`)."""
    return factories.make_status


@pytest.fixture
def make_sitting(db):
    return factories.make_sitting


@pytest.fixture
def make_deliberation(cast):
    """A deliberation declared by its direction's director (see `factories.make_deliberation`)."""
    return factories.make_deliberation


@pytest.fixture
def make_milestone(db):
    return factories.make_milestone
