from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from sg_portal.http import PortalRequest
from sg_portal.search.kinds import all_kinds
from sg_portal.search.query import search
from sg_portal.search.text import QUERY_MAX, clean_query, words


def results(request: PortalRequest) -> HttpResponse:
    query, cut = clean_query(request.GET.get("q", ""))
    kind_key = request.GET.get("type", "")
    found = search(request.user, query, kind_key=kind_key) if query else None
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "cut": cut,
            "query_max": QUERY_MAX,
            "too_vague": bool(query) and not words(query),
            "results": found,
            "kinds": all_kinds(),
            "kind_key": kind_key if found and found.kind else "",
        },
    )
