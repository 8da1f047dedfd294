"""Server time of every kind of page, in process: the demo organisation, one GET per page and
role, repeated; medians in ms.

It measures what the template engine decides (Django's test client, no network, no server),
so two runs of different code in the same hour compare engines, not machines. Used for the
choice of one template engine (docs/decisions.md, issue 14).

Run: `.venv/bin/python bench/bench_pages.py [--repeat 30] [--json PATH]`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.update({"RUNG_DATA_DIR": tempfile.mkdtemp(prefix="rung-bench-pages-"),
                       "DEBUG": "0", "RUNG_TESTING": "1",
                       "DJANGO_SETTINGS_MODULE": "rung.web.settings",
                       "ALLOWED_HOSTS": "testserver"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", interactive=False, verbosity=0)
    from rung.web.demo import load_demo
    from rung.web.people.models import Person
    from rung.web.plans.models import Plan

    load_demo(password="bench-pages-7")
    riley = Person.objects.get(slug="riley")
    plan = Plan.objects.filter(person=riley, status="active").get()
    assessment = riley.assessments.order_by("-assessed_on").first()
    assert assessment is not None
    pages = {
        "pm": ("riley", [f"/people/{riley.slug}/", f"/plans/{plan.pk}/",
                         f"/tracking/{plan.pk}/", f"/tracking/{plan.pk}/self-check/",
                         f"/tracking/{plan.pk}/check-in/", f"/assessments/{assessment.pk}/",
                         f"/assessments/{assessment.pk}/rate/self/",
                         f"/plans/{plan.pk}/history/", f"/tracking/history/{riley.slug}/"]),
        "manager": ("morgan", ["/people/", "/teams/team/", f"/tracking/{plan.pk}/review/",
                               f"/assessments/{assessment.pk}/calibrate/",
                               f"/assessments/{assessment.pk}/rate/manager/"]),
        "admin": ("ada", ["/people/admin/", "/people/admin/frameworks/", "/teams/org/",
                          "/import/", "/api/tokens/"]),
    }
    results: dict[str, float] = {}
    for login, urls in pages.values():
        client = Client()
        client.force_login(Person.objects.get(slug=login).user)
        for url in urls:
            for _ in range(3):  # warm: templates parsed, frameworks loaded, bodies cached
                assert client.get(url).status_code == 200, url
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            label = re.sub(r"/\d+/", "/<id>/", url)
            results[f"{label} ({login})"] = round(statistics.median(times), 2)
    width = max(len(u) for u in results)
    for url, ms in results.items():
        print(f"{url:{width}}  {ms:7.2f} ms")
    total = round(sum(results.values()), 1)
    print(f"{'sum of medians':{width}}  {total:7.1f} ms")
    if args.json:
        args.json.write_text(json.dumps({"repeat": args.repeat, "median_ms": results,
                                         "sum_ms": total}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
