import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_logs_in_through_the_form_and_sees_their_direction(dir_dases, login, page):
    login("dir.dases")
    assert page.url.endswith("/")
    page.get_by_role("heading", name="Bonjour Claire").wait_for()
    assert "Direction de l'action sociale, de l'enfance et de la santé" in page.inner_text("main")
    # The stylesheet and htmx were served: the header is styled and htmx is loaded.
    assert page.evaluate("typeof window.htmx") == "object"
    background = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(22, 50, 92)"
