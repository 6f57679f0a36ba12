"""What one request of each follow path costs, in one process with nothing else queued.

Run by ``bench/poll.py --profile`` after the load run, with the benchmark's environment and
``BENCH_CODE`` set to the open session's join code. It joins one guest through the form, then
times the unchanged poll and the baseline in turns through the full middleware stack (Django's
test client, no network), counting database queries and Redis commands per request; times a bare
Redis GET through the cache; and profiles the changed poll (200, fragment rendered).
"""

import cProfile
import io
import os
import pstats
import re
import statistics
import time
from collections import Counter

import django

RUNS = 2000
RENDERS = 200


def _quantiles(values: list[float]) -> str:
    cut = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {cut[49] * 1e6:7.0f} us  p95 {cut[94] * 1e6:7.0f} us"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    import redis
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from classroom import selectors, services

    code = os.environ["BENCH_CODE"]
    redis_commands: Counter = Counter()
    queries: list[str] = []
    plain_execute = redis.Redis.execute_command

    def counting_execute(self, *args, **options):
        redis_commands[str(args[0])] += 1
        return plain_execute(self, *args, **options)

    redis.Redis.execute_command = counting_execute

    def count_queries(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    phone = Client(HTTP_HOST="127.0.0.1", HTTP_HX_REQUEST="true")
    page = phone.get(f"/j/{code}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    joined = phone.post(f"/j/{code}/", {"display_name": "Profiler", "csrfmiddlewaretoken": token})
    assert joined.status_code == 302, joined.status_code
    version = selectors.live_version(join_code=code)
    poll_path = f"/live/{code}/poll/"

    paths = {
        "unchanged poll (204)": lambda: phone.get(poll_path, {"v": version}).status_code,
        "baseline (204)": lambda: phone.get("/bench/baseline/", {"v": version}).status_code,
    }
    for request in paths.values():  # warm up: imports, URL resolver, connections
        for _ in range(50):
            request()
    walls: dict[str, list[float]] = {label: [] for label in paths}
    cpus: dict[str, list[float]] = {label: [] for label in paths}
    counts: dict[str, tuple[int, Counter]] = {}
    for label in paths:
        queries.clear()
        redis_commands.clear()
        with connection.execute_wrapper(count_queries):
            for _ in range(100):
                assert paths[label]() == 204
        counts[label] = (len(queries), Counter(redis_commands))
    for _ in range(RUNS):
        for label, request in paths.items():
            wall, cpu = time.perf_counter(), time.thread_time()
            status = request()
            cpus[label].append(time.thread_time() - cpu)
            walls[label].append(time.perf_counter() - wall)
            assert status == 204, (label, status)

    print(f"one request at a time through the full middleware stack, {RUNS} runs each, in turns:")
    for label in paths:
        n_queries, n_redis = counts[label]
        redis_text = ", ".join(f"{n / 100:.2f} {name}" for name, n in n_redis.items()) or "none"
        print(
            f"  {label:<22} wall {_quantiles(walls[label])}   cpu {_quantiles(cpus[label])}   "
            f"per request: {n_queries / 100:.2f} queries, Redis {redis_text}"
        )
    key = services.version_cache_key(code)
    gets = []
    for _ in range(RUNS):
        wall = time.perf_counter()
        cache.get(key)
        gets.append(time.perf_counter() - wall)
    print(f"  bare cache.get of the version (one Redis GET)   wall {_quantiles(gets)}")

    queries.clear()
    redis_commands.clear()
    with connection.execute_wrapper(count_queries):
        assert phone.get(poll_path, {"v": "0"}).status_code == 200
    print(
        f"changed poll (200, fragment rendered): {len(queries)} database queries, Redis "
        + (", ".join(f"{n} {name}" for name, n in redis_commands.items()) or "none")
    )
    for sql in queries:
        print(f"    {sql[:150]}")
    profile = cProfile.Profile()
    renders = []
    profile.enable()
    for _ in range(RENDERS):
        wall = time.perf_counter()
        assert phone.get(poll_path, {"v": "0"}).status_code == 200
        renders.append(time.perf_counter() - wall)
    profile.disable()
    print(f"  {RENDERS} renders one at a time: wall {_quantiles(renders)} (under cProfile)")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(
        r"classroom/|django/(template|db/models/sql|contrib/sessions|core/cache)|markdown|redis/",
        18,
    )
    print(
        "  where the time goes (cumulative, filtered to the app, templates, ORM, sessions, cache):"
    )
    for line in out.getvalue().splitlines():
        if line.strip() and not line.startswith(("   Ordered", "   List reduced")):
            print(f"    {line[:150]}")


if __name__ == "__main__":
    main()
