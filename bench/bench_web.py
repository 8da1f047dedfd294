"""Web latency: the plan page and the manager dashboard for a manager with 30 reports.

Issue 3's goal: p95 ≤ 50 ms at 10 concurrent clients on SQLite, measured next to a trivial view
on the same server. Seeds a fresh SQLite database in a temporary RUNG_DATA_DIR, starts gunicorn
(2 sync workers, 127.0.0.1 only), logs in as the manager, and runs 10 client threads, each a
bounded loop of sequential requests over `http.client` with the session cookie.

Run: `.venv/bin/python bench/bench_web.py [--requests 60] [--clients 10] [--json PATH]`;
`--check` exits 1 when a page misses the goal.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

GOAL_P95_MS = 50.0
PASSWORD = "bench-password-31"
START = date(2026, 11, 30)
HOST = "127.0.0.1"


def seed(reports: int) -> list[int]:
    """A manager with `reports` PMs, each assessed (self, manager, 2 peers) with a draft plan.

    Returns the ids of the plans.
    """
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from rung.web.assessments.services import assessment_create, rating_save
    from rung.web.people.frameworks import get_framework
    from rung.web.people.services import person_create
    from rung.web.plans.services import plan_generate

    fw = get_framework("pm-quadrants")
    boss = person_create(username="boss", password=PASSWORD, name="Bea Boss", slug="boss",
                         role="manager")
    plan_ids = []
    for i in range(reports):
        pm = person_create(username=f"pm{i}", password=PASSWORD, name=f"PM {i:02d}",
                           slug=f"pm{i}", role="pm", level=("apm", "pm", "senior-pm")[i % 3],
                           manager=boss)
        a = assessment_create(person=pm, framework=fw, assessed_on=START,
                              created_by=boss.user)
        for role, shift, name in (("self", 0.5, ""), ("manager", 0.0, ""), ("peer", 0.3, "P1"),
                                  ("peer", -0.2, "P2")):
            scores = {c.id: Decimal(str(max(0.0, min(5.0, 1.0 + (j + i) % 4 + shift))))
                      for j, c in enumerate(fw.competencies)}
            rating_save(assessment=a, framework=fw, role=role, scores=scores,
                        evidence={fw.competencies[0].id: "A dated example"},
                        entered_by=boss.user, rater_name=name)
        plan_ids.append(plan_generate(person=pm, start=START, user=boss.user).pk)
    from django.db import connections

    connections.close_all()
    return plan_ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_for(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/livez")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def login(port: int, username: str = "boss") -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert cookie and token, "no CSRF token on the login page"
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("POST", "/login/",
                 body=urlencode({"username": username, "password": PASSWORD,
                                 "csrfmiddlewaretoken": token.group(1)}),
                 headers={"Content-Type": "application/x-www-form-urlencoded",
                          "Cookie": f"csrftoken={cookie.group(1)}",
                          "Referer": f"http://{HOST}:{port}/login/"})
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    assert response.status == 302 and session, "login failed"
    return f"sessionid={session.group(1)}; csrftoken={cookie.group(1)}"


def measure(port: int, requests: list[tuple[str, str]], clients: int, per_client: int
            ) -> dict[str, float]:
    """`clients` threads, each `per_client` sequential GETs going round `requests` (path,
    session cookie); latency of every request in ms."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        mine = []
        barrier.wait()
        for i in range(per_client):
            path, cookie = requests[(offset + i) % len(requests)]
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - t0) * 1000)
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
            if response.will_close:
                conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        raise SystemExit(f"errors: {errors[:3]}")
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "p50_ms": round(q[49], 2), "p95_ms": round(q[94], 2),
            "p99_ms": round(q[98], 2), "max_ms": round(latencies[-1], 2),
            "rps": round(len(latencies) / wall, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=30)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=60, help="per client and page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--check", action="store_true", help="exit 1 if a page misses the goal")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="rung-bench-web-"))
    # RUNG_TESTING=1 only swaps in the fast password hasher, so seeding 31 users takes seconds
    # (no measured page hashes a password).
    os.environ.update({"RUNG_DATA_DIR": str(data_dir), "DEBUG": "0", "RUNG_TESTING": "1",
                       "DJANGO_SETTINGS_MODULE": "rung.web.settings",
                       "ALLOWED_HOSTS": "127.0.0.1"})
    t0 = time.perf_counter()
    plan_ids = seed(args.reports)
    seeded = time.perf_counter() - t0
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "rung.web.wsgi:application", "--bind", f"{HOST}:{port}",
         "--workers", str(args.workers), "--log-level", "warning", "--no-control-socket"],
        env=os.environ.copy())
    try:
        wait_for(port)
        cookie = login(port)
        pages = {"trivial view (/livez)": [("/livez", cookie)],
                 f"manager dashboard ({args.reports} reports)": [("/people/", cookie)],
                 f"plan page (the {args.reports} reports' plans in turn)":
                     [(f"/plans/{pid}/", cookie) for pid in plan_ids]}
        for reqs in pages.values():  # warm every worker: templates, frameworks, page bodies
            measure(port, reqs, args.workers * 2, 3 * len(reqs) + 5)
        results = {name: measure(port, reqs, args.clients, args.requests)
                   for name, reqs in pages.items()}
    finally:
        server.terminate()
        server.wait(timeout=10)
    trivial = results["trivial view (/livez)"]["p95_ms"]
    print(f"rung web latency: {args.clients} concurrent clients, {args.requests} requests each, "
          f"gunicorn {args.workers} sync workers, SQLite ({args.reports} reports seeded in "
          f"{seeded:.1f} s)")
    print(f"{'view':44} {'p50':>8} {'p95':>8} {'p99':>8} {'req/s':>8} {'p95/trivial':>12}")
    for name, r in results.items():
        ratio = r["p95_ms"] / trivial if trivial else float("nan")
        r["p95_ratio_to_trivial"] = round(ratio, 1)
        print(f"{name:44} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['p99_ms']:8.1f} "
              f"{r['rps']:8.1f} {ratio:12.1f}")
    missed = [n for n, r in results.items() if r["p95_ms"] > GOAL_P95_MS]
    print(f"goal p95 ≤ {GOAL_P95_MS:.0f} ms: " + ("met" if not missed
                                                  else "MISSED by " + ", ".join(missed)))
    if args.json:
        args.json.write_text(json.dumps({
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "platform": platform.platform()},
            "clients": args.clients, "requests_per_client": args.requests,
            "workers": args.workers, "reports": args.reports, "goal_p95_ms": GOAL_P95_MS,
            "results": results}, indent=2) + "\n")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
