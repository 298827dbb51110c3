"""Contributions an app makes to shared screens without the shared code importing it.

An app contributes by defining a module with a known name (`<app>/horizons.py`,
`<app>/agenda_suggestions.py`...) and a known function; this finds them in INSTALLED_APPS order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from importlib import import_module

from django.apps import apps


@cache
def contributors(module_name: str, function: str) -> tuple[Callable, ...]:
    found = []
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{module_name}"
        try:
            module = import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
            continue
        if hasattr(module, function):
            found.append(getattr(module, function))
    return tuple(found)


def each(module_name: str, function: str) -> Iterator[Callable]:
    yield from contributors(module_name, function)
