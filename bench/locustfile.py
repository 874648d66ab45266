"""Locust users for bench/run.py --load: the plan and service pages, no think time.

The URLs (plan tokens signed with the benchmark's SECRET_KEY, published service slugs in
all locales) come from the JSON file named by BENCH_TARGETS, written by run.py.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, constant, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"], encoding="utf-8").read())  # noqa: SIM115


class Newcomer(HttpUser):
    wait_time = constant(0)

    @task
    def plan(self) -> None:
        self.client.get(random.choice(TARGETS["plan"]), name="plan")

    @task
    def service(self) -> None:
        self.client.get(random.choice(TARGETS["service"]), name="service")
