"""A large import runs on the worker: the upload only stores the file, the worker checks it and,
once confirmed, writes it all or nothing, telling its page how far it has gone."""

from __future__ import annotations

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.urls import reverse

from indicators import importer
from indicators.models import ImportRun, Indicator, Report, Value
from tests.race import at_once

HEADER = "indicateur;periode;arrondissement;valeur\n"


def _rows_file(indicator: Indicator, count: int) -> bytes:
    """`count` rows of a monthly indicator by arrondissement, each its own month and arrondissement."""
    lines = [HEADER]
    for k in range(count):
        month, arr = divmod(k, 20)
        lines.append(
            f"{indicator.code};{2001 + month // 12}-{month % 12 + 1:02d}-01;{arr + 1};{k}\n"
        )
    return "".join(lines).encode()


def _fortnights_file(indicator: Indicator, count: int) -> bytes:
    """`count` rows of a fortnightly indicator without breakdown (the transactional tests' database
    has no arrondissements: they come from a data migration)."""
    lines = [HEADER]
    for k in range(count):
        month, half = divmod(k, 2)
        day = f"{2001 + month // 12}-{month % 12 + 1:02d}-{1 + 15 * half:02d}"
        lines.append(f"{indicator.code};{day};;{k}\n")
    return "".join(lines).encode()


@pytest.fixture
def no_worker(monkeypatch):
    """The test plays the worker itself: nothing is handed to Celery (eager or not)."""
    monkeypatch.setattr("indicators.tasks.import_check.delay", lambda run_id: None)
    monkeypatch.setattr("indicators.tasks.import_write.delay", lambda run_id: None)


@pytest.mark.django_db
def test_the_upload_answers_at_once_and_leaves_the_reading_to_the_worker(
    client, admin_user_demo, by_arr, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr("indicators.tasks.import_check.delay", sent.append)
    client.force_login(admin_user_demo)
    upload = SimpleUploadedFile("historique.csv", _rows_file(by_arr, 2_000))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indicators:import"), {"file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:import_run", args=[run.pk])
    assert sent == [run.pk]
    assert run.status == ImportRun.Status.CHECKING and run.total == 0  # not read in the request
    assert not Value.objects.exists()


@pytest.mark.django_db
def test_the_worker_checks_then_writes_a_large_file_all_at_once(admin_user_demo, by_arr):
    run = importer.import_run_start(
        actor=admin_user_demo, filename="h.csv", data=_rows_file(by_arr, 6_000)
    )
    from indicators.tasks import import_check, import_write

    assert import_check(run.pk) == ImportRun.Status.READY
    run.refresh_from_db()
    assert (run.total, run.done, run.imported, bytes(run.data)) == (6_000, 6_000, 6_000, b"")
    assert not Value.objects.exists()  # nothing before the confirmation
    assert importer.import_run_confirm(run=run, actor=admin_user_demo)
    assert import_write(run.pk) == ImportRun.Status.DONE
    run.refresh_from_db()
    assert run.done == run.imported == Value.objects.count() == 6_000
    assert run.rows == [] and "6\u202f000 valeurs importées" in run.message
    assert Report.objects.filter(status=Report.Status.VALIDATED).count() == 300  # one per month


@pytest.mark.django_db
def test_a_file_with_errors_ends_refused_with_its_rows_and_writes_nothing(admin_user_demo, by_arr):
    data = _rows_file(by_arr, 900) + f"{by_arr.code};2025-01-01;;12 %\n".encode() * 600
    run = importer.import_run_start(actor=admin_user_demo, filename="h.csv", data=data)
    importer.import_run_check(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REFUSED and run.error_count == 1_200
    assert len(run.errors) == importer.ERRORS_SHOWN and run.errors[0][0] == 902
    assert not importer.import_run_confirm(run=run, actor=admin_user_demo)
    assert not Value.objects.exists()


@pytest.mark.django_db
def test_a_conflict_at_writing_fails_the_whole_run_in_french(admin_user_demo, by_arr):
    run = importer.import_run_start(
        actor=admin_user_demo, filename="h.csv", data=_rows_file(by_arr, 40)
    )
    importer.import_run_check(run_id=run.pk)
    run.refresh_from_db()
    # a value typed in since the check
    importer.import_apply(rows=run.rows[-1:], user=admin_user_demo)
    importer.import_run_confirm(run=run, actor=admin_user_demo)
    run = importer.import_run_write(run_id=run.pk)
    assert run.status == ImportRun.Status.FAILED
    assert "des valeurs ont été saisies entre-temps" in run.message
    assert Value.objects.count() == 1  # all or nothing


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_of_the_write_task_write_the_file_once(admin_user_demo, shelter, no_worker):
    run = importer.import_run_start(
        actor=admin_user_demo, filename="h.csv", data=_fortnights_file(shelter, 300)
    )
    importer.import_run_check(run_id=run.pk)
    run.refresh_from_db()
    importer.import_run_confirm(run=run, actor=admin_user_demo)
    results = at_once(
        lambda: importer.import_run_write(run_id=run.pk),
        lambda: importer.import_run_write(run_id=run.pk),
    )
    assert sorted(r is None for r in results) == [False, True]
    assert Value.objects.count() == 300


@pytest.mark.django_db(transaction=True)
def test_the_progress_of_the_writing_is_seen_before_it_commits(
    admin_user_demo, shelter, monkeypatch, no_worker
):
    run = importer.import_run_start(
        actor=admin_user_demo, filename="h.csv", data=_fortnights_file(shelter, 100)
    )
    importer.import_run_check(run_id=run.pk)
    run.refresh_from_db()
    importer.import_run_confirm(run=run, actor=admin_user_demo)
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 40)
    seen: list[tuple[int, int]] = []
    apply = importer.import_apply

    def watched_apply(*, rows, user, on_progress):
        def progress(done: int) -> None:
            on_progress(done)

            def look() -> None:  # another connection, as the page's poll
                seen.append((done, ImportRun.objects.get(pk=run.pk).done))
                connections.close_all()

            reader = threading.Thread(target=look)
            reader.start()
            reader.join()

        return apply(rows=rows, user=user, on_progress=progress)

    monkeypatch.setattr(importer, "import_apply", watched_apply)
    run = importer.import_run_write(run_id=run.pk)
    assert run.status == ImportRun.Status.DONE, run.message
    assert seen == [(40, 40), (80, 80), (100, 100)]


@pytest.mark.django_db
def test_a_run_is_seen_by_the_one_who_sent_it_only(client, admin_user_demo, dir_dases, sg_user):
    run = ImportRun.objects.create(created_by=admin_user_demo, filename="h.csv")
    url = reverse("indicators:import_run", args=[run.pk])
    client.force_login(admin_user_demo)
    assert client.get(url).status_code == 200
    for other in (dir_dases, sg_user):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.post(url + "confirmer/").status_code == 404


@pytest.mark.django_db
def test_the_progress_page_polls_while_the_worker_runs_and_stops_when_it_ends(
    client, admin_user_demo
):
    run = ImportRun.objects.create(
        created_by=admin_user_demo,
        filename="h.csv",
        status=ImportRun.Status.WRITING,
        total=100_000,
        done=42_000,
    )
    client.force_login(admin_user_demo)
    url = reverse("indicators:import_run", args=[run.pk])
    html = client.get(url).content.decode()
    assert '<progress id="import-progress"' in html and 'value="42000"' in html
    assert "42\u202f000 / 100\u202f000 lignes (42 %)" in html
    assert 'hx-trigger="every 1s"' in html and "Vous pouvez fermer cet onglet" in html
    # the poll gets the bar alone
    fragment = client.get(url + "?partiel=1", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-status"') and "<html" not in fragment
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.DONE, done=100_000, imported=100_000, message="100000 valeurs"
    )
    fragment = client.get(url + "?partiel=1", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and "100000 valeurs" in fragment


@pytest.mark.django_db
def test_the_import_page_lists_the_persons_recent_runs(
    client, admin_user_demo, django_assert_max_num_queries
):
    for n in range(8):
        ImportRun.objects.create(created_by=admin_user_demo, filename=f"f{n}.csv")
    client.force_login(admin_user_demo)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("indicators:import")).content.decode()
    assert "Vos derniers imports" in html and "f7.csv" in html and "f2.csv" not in html
