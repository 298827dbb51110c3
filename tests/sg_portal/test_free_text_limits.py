"""Every free text of every form has a limit shown next to it and enforced by the server with a
French message, keeping what was typed; a single-line text refuses line breaks."""

from __future__ import annotations

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.db import models

from sg_portal.forms import LineField, TextField
from sg_portal.text import LINE_BREAKS, limit_label, no_line_breaks

# The apps whose forms people type into; a new app with a forms module is added here.
APPS = ["indicators", "meetings", "projects", "risks", "orientations", "communication"]


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


# Apps written before the kernel's text fields, until they move their forms onto them.
NOT_YET_BOUNDED: set[str] = set()

FORMS = [
    pytest.param(
        cls,
        marks=pytest.mark.xfail(
            reason=f"{cls.__module__} does not use LineField/TextField yet", strict=False
        ),
        id=f"{cls.__module__}.{cls.__name__}",
    )
    if cls.__module__.split(".")[0] in NOT_YET_BOUNDED
    else pytest.param(cls, id=f"{cls.__module__}.{cls.__name__}")
    for cls in _form_classes()
]


def _make(cls, user, data=None):
    """An instance of any of the apps' forms: the constructors that need a person get one."""
    kwargs = {}
    if "user" in inspect.signature(cls.__init__).parameters:
        kwargs["user"] = user
    return cls(data, **kwargs) if data is not None else cls(**kwargs)


def _text_fields(form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not field.widget.is_hidden
    ]


def test_the_sweep_sees_the_forms_of_every_app():
    names = {param.values[0].__name__ for param in FORMS}
    assert {"ReturnForm", "DecisionForm", "StatusForm", "ProjectForm", "ItemForm"} <= names


@pytest.mark.parametrize("form_class", FORMS)
def test_every_free_text_is_bounded_shown_and_kept_when_refused(form_class, sg_user):
    form = _make(form_class, sg_user)
    for name in _text_fields(form):
        field = form.fields[name]
        assert isinstance(field, (LineField, TextField)), (
            f"{name}: a free text goes through sg_portal.forms.LineField or TextField"
        )
        # the limit is shown next to the field and named by it for screen readers
        html = str(form[name])
        assert limit_label(field.max_length) in html, name
        assert 'aria-describedby="' in html and f"{form[name].auto_id}_limit" in html, name
        # nothing is cut by the browser: the server refuses and keeps the whole text
        assert "maxlength=" not in html.replace("data-maxlength=", ""), name
        typed = "é" * (field.max_length + 7)
        bound = _make(form_class, sg_user, {name: typed})
        assert not bound.is_valid()
        message = " ".join(bound.errors[name])
        assert "caractères au plus" in message and "vous en avez saisi" in message, name
        assert typed in str(bound[name]), f"{name}: the refused text is drawn back in the field"


@pytest.mark.parametrize("form_class", FORMS)
def test_single_line_texts_refuse_line_breaks_and_multi_line_texts_count_them_once(
    form_class, sg_user
):
    form = _make(form_class, sg_user)
    for name in _text_fields(form):
        field = form.fields[name]
        if isinstance(field, LineField):
            bound = _make(form_class, sg_user, {name: "Première ligne\r\nseconde ligne"})
            bound.is_valid()
            assert LINE_BREAKS in bound.errors.get(name, []), name
        else:
            # a browser posts CR LF; the counter on the screen counts one character
            text = ("a" * 9 + "\r\n") * (field.max_length // 10)
            bound = _make(form_class, sg_user, {name: text})
            bound.is_valid()
            assert name not in bound.errors, (name, bound.errors.get(name))


# Model texts that nobody types: codes, keys, labels copied from another object.
NOT_TYPED = {
    ("meetings", "agendaitem", "subject_label"),
    ("meetings", "agendaitem", "subject_url"),
    ("meetings", "agendaitem", "suggestion_key"),
    ("indicators", "importrun", "filename"),
    ("indicators", "importrun", "message"),
    ("risks", "acceptance", "fingerprint"),
}


@pytest.mark.parametrize("app", ["indicators", "meetings", "projects", "risks"])
def test_every_model_text_has_a_limit_and_names_refuse_line_breaks(app):
    for model in apps.get_app_config(app).get_models():
        for field in model._meta.get_fields():
            key = (app, model._meta.model_name, field.name)
            if not isinstance(field, (models.CharField, models.TextField)) or field.choices:
                continue
            if (
                isinstance(field, models.SlugField)
                or key in NOT_TYPED
                or field.name
                in {
                    "key",
                    "token_hash",
                }
            ):
                continue
            assert field.max_length, key
            if isinstance(field, models.TextField):
                assert any(
                    getattr(v, "limit_value", None) == field.max_length for v in field.validators
                ), key
            else:
                assert no_line_breaks in field.validators, key
