"""Run callables at the same instant in threads, to prove that two clicks or two workers racing
each other do a thing once. Use in a `django_db(transaction=True)` test: each thread has its own
database connection, and the rows it must see are committed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def at_once(*calls: Callable[[], Any], timeout: float = 30) -> list[Any]:
    """Start every call in its own thread, release them together, wait for all; return their
    results in order, or raise the first error one of them raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout)
            results[index] = call()
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("a racing call did not finish")
    if errors:
        raise errors[0]
    return results
