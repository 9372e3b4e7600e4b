"""Real concurrency for the PostgreSQL tests: jobs started together in threads."""

import threading

import pytest
from django.db import connection

# Row locks under real concurrency are what these tests are about: SQLite serializes writers.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL"
)


def run_together(*jobs, timeout: float = 120) -> list:
    """Start every job at once, each in its own thread and database connection; their
    results, or the exceptions they raised, in the jobs' order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # the test inspects what each got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results
