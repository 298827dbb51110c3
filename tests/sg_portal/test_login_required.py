"""Every URL the project defines needs a login, except the login page and /healthz.

The patterns are walked, so a page added later is covered without touching this test.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "/connexion/",
    "/healthz",
    "/admin/login/",
    "/favicon.ico",  # the admin's own login page
    "/reunions/abonnement/x.ics",  # private iCalendar feed: its token is the key (meetings)
    "/connexion/ville/",  # sign-in with the City's account (404 while it is not configured)
    "/connexion/ville/retour/",  # the identity provider's answer to it
    "/notifications/cloche/",  # the bell's poll: an empty 204 once the session has expired
}
SAMPLE_BY_CONVERTER = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}


def _sample(route: str) -> str:
    route = re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_BY_CONVERTER.get(m.group(1) or "str", "1"), route
    )
    # Regex routes (the admin's): drop anchors and fill groups with a plain value.
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    return route


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = _sample(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + route


def all_urls() -> list[str]:
    urls = sorted(set(_walk(get_resolver().url_patterns)))
    return [u for u in urls if "(" not in u and "[" not in u]


def test_the_walk_finds_the_project_pages():
    urls = all_urls()
    assert "/" in urls
    assert "/admin/" in urls
    assert len(urls) > 10


@pytest.mark.django_db
@pytest.mark.parametrize("url", all_urls())
def test_anonymous_visitor_is_sent_to_a_login_page(client, url):
    if url in PUBLIC:
        pytest.skip("public by design")
    for response in (client.get(url), client.post(url)):
        assert response.status_code in {301, 302}, f"{url} answered {response.status_code}"
        target = response.headers["Location"]
        if response.status_code == 301:  # APPEND_SLASH first, then the login redirect
            continue
        assert "/connexion/" in target or "/admin/login/" in target, f"{url} → {target}"


@pytest.mark.django_db
def test_login_page_and_healthz_are_public(client):
    assert client.get("/connexion/").status_code == 200
    assert client.get("/healthz").status_code in {200, 503}
