"""The SG questions a status; the chef de projet sees it on her home page, answers it on the
project page, and the answer reaches the one who asked and closes the question."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from projects.models import Rating, StatusUpdate
from projects.services import status_answer, status_ask_question, status_post
from sg_portal.journal.models import Entry
from sg_portal.notifications.models import Notification
from sg_portal.outbox.models import Email

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(make_project, chef_projet, adjoint):
    return make_project(
        name="Plan de rénovation des écoles", chef_projet=chef_projet, sg_adjoint=adjoint
    )


@pytest.fixture
def questioned(project, chef_projet, adjoint):
    status = status_post(
        project=project,
        by=chef_projet,
        schedule=Rating.AT_RISK,
        budget=Rating.ON_TRACK,
        scope=Rating.ON_TRACK,
        narrative="Deux entreprises défaillantes sur la vague 2.",
    )
    status_ask_question(status=status, by=adjoint, question="Quel retard pour la rentrée ?")
    status.refresh_from_db()
    return status


def test_the_question_waits_on_the_chef_de_projets_home_page(client, questioned, chef_projet):
    client.force_login(chef_projet)
    page = client.get("/").content.decode()
    assert "Question du SG à répondre" in page
    assert "Quel retard pour la rentrée ?" in page
    assert questioned.get_absolute_url() in page


def test_the_chef_de_projet_answers_on_the_project_page_and_the_asker_is_told(
    client, questioned, chef_projet, adjoint, django_capture_on_commit_callbacks
):
    client.force_login(chef_projet)
    project_page = client.get(questioned.project.get_absolute_url()).content.decode()
    assert "Répondre à" in project_page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("projects:status_answer", args=[questioned.pk]),
            {"answer": "Trois semaines : la relance des marchés aboutit le 15 janvier."},
            follow=True,
        )
    assert "Votre réponse est transmise" in response.content.decode()
    questioned.refresh_from_db()
    assert questioned.review == StatusUpdate.Review.ANSWERED and questioned.is_answered
    assert questioned.answered_by == chef_projet
    assert questioned.answer.startswith("Trois semaines")
    email = Email.objects.get(purpose="projects.status_answer")
    assert email.to == [adjoint.email]
    assert "Trois semaines" in email.body and "Quel retard pour la rentrée ?" in email.body
    assert Notification.objects.filter(recipient=adjoint, kind="projects.status_answer").exists()
    entry = Entry.objects.get(action="projects.status.answer")
    assert entry.actor == chef_projet and entry.comment.startswith("Trois semaines")
    # the question is closed: off the home page, no form any more, the answer shown to the SG
    assert "Question du SG à répondre" not in client.get("/").content.decode()
    client.force_login(adjoint)
    page = client.get(questioned.project.get_absolute_url()).content.decode()
    assert "Question répondue" in page and "Trois semaines" in page
    assert "a répondu à la question sur le point d&#x27;avancement" in page


def test_a_second_answer_changes_nothing_and_sends_nothing_more(questioned, chef_projet):
    assert status_answer(status=questioned, by=chef_projet, answer="Trois semaines.")
    assert not status_answer(status=questioned, by=chef_projet, answer="Quatre semaines.")
    questioned.refresh_from_db()
    assert questioned.answer == "Trois semaines."
    assert Email.objects.filter(purpose="projects.status_answer").count() == 1


def test_only_who_posts_the_projects_status_answers(client, questioned, adjoint, dir_drh):
    with pytest.raises(PermissionDenied):
        status_answer(status=questioned, by=adjoint, answer="Je réponds à ma place.")
    client.force_login(dir_drh)
    response = client.post(
        reverse("projects:status_answer", args=[questioned.pk]), {"answer": "Non."}
    )
    assert response.status_code in (403, 404)
    questioned.refresh_from_db()
    assert questioned.review == StatusUpdate.Review.QUESTION


def test_an_empty_answer_is_refused_in_french(client, questioned, chef_projet):
    client.force_login(chef_projet)
    response = client.post(
        reverse("projects:status_answer", args=[questioned.pk]), {"answer": "  "}, follow=True
    )
    assert "Saisissez votre réponse à la question du SG." in response.content.decode()
    questioned.refresh_from_db()
    assert questioned.review == StatusUpdate.Review.QUESTION


def test_publier_le_point_for_a_fortnight_already_published_opens_that_point(
    client, questioned, chef_projet
):
    project = questioned.project
    client.force_login(chef_projet)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Voir le point de la quinzaine" in page
    assert f'href="{questioned.get_absolute_url()}"' in page
    response = client.get(reverse("projects:status_new", args=[project.pk]))
    assert response.status_code == 302
    assert response["Location"] == questioned.get_absolute_url()
    # a correcting point starts from the published one
    page = client.get(
        reverse("projects:status_new", args=[project.pk]) + "?rectifier=1"
    ).content.decode()
    assert "Deux entreprises défaillantes sur la vague 2." in page


def test_the_home_page_block_takes_a_fixed_number_of_queries(
    client, make_project, make_status, chef_projet, adjoint, django_assert_max_num_queries
):
    for _ in range(6):
        p = make_project(chef_projet=chef_projet, sg_adjoint=adjoint)
        s = make_status(p, posted_at=timezone.now())
        status_ask_question(status=s, by=adjoint, question="Et le budget ?")
    client.force_login(chef_projet)
    client.get("/")
    with django_assert_max_num_queries(60) as captured:
        client.get("/")
    statuses = [q for q in captured.captured_queries if "projects_statusupdate" in q["sql"]]
    assert len(statuses) <= 6
