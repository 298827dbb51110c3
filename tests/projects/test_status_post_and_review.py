import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from directions.models import User
from projects.models import AuditEvent, Rating, StatusUpdate
from projects.services import status_acknowledge, status_ask_question, status_post
from sg_portal.outbox.delivery import outbox_sweep
from sg_portal.outbox.models import Email, EmailState

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(make_project, chef_projet, adjoint):
    return make_project(chef_projet=chef_projet, sg_adjoint=adjoint)


def post(project, by, **kwargs):
    values = {
        "schedule": Rating.AT_RISK,
        "budget": Rating.ON_TRACK,
        "scope": Rating.ON_TRACK,
        "narrative": "Le lot 2 prend du retard.",
    }
    values.update(kwargs)
    return status_post(project=project, by=by, **values)


def test_chef_de_projet_posts_a_status_whose_overall_is_the_worst_dimension(project, chef_projet):
    status = post(project, chef_projet, budget=Rating.OFF_TRACK)
    assert status.overall == Rating.OFF_TRACK
    assert status.review == StatusUpdate.Review.PENDING
    event = AuditEvent.objects.get(action="status.post")
    assert event.actor == chef_projet and event.after["overall"] == "off_track"


def test_another_chef_de_projet_cannot_post_on_a_project_they_do_not_lead(project):
    other = User.objects.create_user("cp.autre", role=User.Role.CHEF_PROJET)
    with pytest.raises(PermissionDenied):
        post(project, other)


def test_a_status_needs_a_narrative(project, chef_projet):
    with pytest.raises(ValidationError):
        post(project, chef_projet, narrative="   ")


def test_the_sg_adjoint_of_the_pole_acknowledges_once(project, chef_projet, adjoint, sg_user):
    status = post(project, chef_projet)
    assert status_acknowledge(status=status, by=adjoint) is True
    # A second click, or the Secrétaire générale at the same time, changes nothing.
    assert status_acknowledge(status=status, by=adjoint) is False
    assert status_ask_question(status=status, by=sg_user, question="Et le budget ?") is False
    status.refresh_from_db()
    assert status.review == StatusUpdate.Review.ACKNOWLEDGED and status.reviewed_by == adjoint
    assert AuditEvent.objects.filter(action="status.acknowledged").count() == 1


def test_an_adjoint_of_another_pole_cannot_acknowledge(make_project, chef_projet, dir_drh):
    drh_project = make_project(lead_direction=dir_drh.direction, chef_projet=chef_projet)
    status = post(drh_project, chef_projet)
    adjoint_espace = User.objects.get(username="adjoint.espace")
    with pytest.raises(PermissionDenied):
        status_acknowledge(status=status, by=adjoint_espace)


def test_a_director_cannot_acknowledge(project, chef_projet, dir_dases):
    status = post(project, chef_projet)
    with pytest.raises(PermissionDenied):
        status_acknowledge(status=status, by=dir_dases)


def test_a_question_is_emailed_to_the_chef_de_projet(
    project, chef_projet, adjoint, mailoutbox, django_capture_on_commit_callbacks
):
    from sg_portal.celery import app

    app.conf.task_always_eager = True
    try:
        status = post(project, chef_projet)
        with django_capture_on_commit_callbacks(execute=True):
            assert status_ask_question(status=status, by=adjoint, question="Quel retard ?")
            # a second reviewer's click loses, and queues nothing more
            assert not status_ask_question(status=status, by=adjoint, question="Et le budget ?")
    finally:
        app.conf.task_always_eager = False
    status.refresh_from_db()
    assert status.review == StatusUpdate.Review.QUESTION and status.question == "Quel retard ?"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [chef_projet.email]
    assert "Quel retard ?" in mailoutbox[0].body
    email = Email.objects.get(purpose="projects.status_question")
    assert email.key == f"projects.status_question:{status.pk}" and email.is_sent


def test_with_redis_down_a_question_succeeds_and_is_emailed_once_redis_is_back(
    client, project, chef_projet, adjoint, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.sg_portal.outbox_helpers import redis_down_then_up

    status = post(project, chef_projet)
    client.force_login(adjoint)
    url = reverse("projects:status_question", args=[status.pk])
    with redis_down_then_up(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"question": "Quel retard ?"}, follow=True)
    assert response.status_code == 200
    assert "Votre question a été transmise au chef de projet." in response.content.decode()
    status.refresh_from_db()
    assert status.review == StatusUpdate.Review.QUESTION
    email = Email.objects.get(purpose="projects.status_question")
    assert email.state == EmailState.QUEUED and mailoutbox == []
    later = timezone.now() + dt.timedelta(minutes=2)
    assert outbox_sweep(now=later)["sent"] == 1
    assert outbox_sweep(now=later)["sent"] == 0
    assert len(mailoutbox) == 1 and "Quel retard ?" in mailoutbox[0].body


def test_the_lead_direction_posts_for_a_project_without_chef(make_project, dir_dases):
    orphan = make_project(chef_projet=None)
    assert post(orphan, dir_dases).author == dir_dases
