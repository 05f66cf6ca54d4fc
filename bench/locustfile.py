"""Locust users for `make load` (bench/load.py starts the servers and this file).

The portal runs with production settings, where SECURE_SSL_REDIRECT is on: every request says it
came through an HTTPS proxy (X-Forwarded-Proto: https), as the reverse proxy would. Sessions are
made by bench/load.py and passed in LOAD_SESSIONS (role → session key), the API token in
LOAD_TOKEN, so no user logs in during the run. LOAD_TARGET=floor drives ../shared/floor instead.
"""

import json
import os
import random

from locust import HttpUser, between, task

SESSIONS = json.loads(os.environ.get("LOAD_SESSIONS", "{}"))
TOKEN = os.environ.get("LOAD_TOKEN", "")
HTTPS = {"X-Forwarded-Proto": "https"}
SEARCHES = ["郑州大学", "材料", "动力电池", "智能制造", "小麦育种"]
COUNTIES = ["wenxian", "qinyang", "mengzhou", "wuzhi"]


class _PortalUser(HttpUser):
    abstract = True
    wait_time = between(0.05, 0.2)
    role = ""

    def on_start(self):
        self.client.headers.update(HTTPS)
        if self.role:
            self.client.headers["Cookie"] = f"sessionid={SESSIONS[self.role]}"

    def get(self, url, name):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


if os.environ.get("LOAD_TARGET") == "api":

    class ApiOnlyUser(HttpUser):
        """The list API alone, filtered by county as the floor's is: the like-for-like comparison."""

        wait_time = between(0.05, 0.2)

        def on_start(self):
            self.client.headers.update(HTTPS)
            self.client.headers["Authorization"] = f"Token {TOKEN}"

        @task
        def api_list(self):
            self.client.get(f"/api/v1/talents/?county={random.choice(COUNTIES)}", name="api /api/v1/talents/?county")

elif os.environ.get("LOAD_TARGET") == "floor":

    class FloorApiUser(HttpUser):
        wait_time = between(0.05, 0.2)

        @task
        def api_list(self):
            self.client.get(f"/api/talents/?county={random.randint(1, 11)}", name="floor /api/talents/?county")

else:

    class LiaisonUser(_PortalUser):
        """County liaison: the talent list and its search."""

        weight = 3
        role = "liaison"

        @task(3)
        def talent_list(self):
            self.get("/talents/", "liaison /talents/")

        @task(2)
        def talent_search(self):
            self.get(f"/talents/?q={random.choice(SEARCHES)}", "liaison /talents/?q")

    class EnterpriseUser(_PortalUser):
        """Enterprise: its demands, the public demand list and the matches of one of its demands."""

        weight = 2
        role = "enterprise"

        @task(2)
        def demand_list(self):
            self.get("/demands/", "enterprise /demands/")

        @task(1)
        def my_demands(self):
            self.get("/demands/mine/", "enterprise /demands/mine/")

        @task(2)
        def matches(self):
            demand = random.choice(json.loads(os.environ.get("LOAD_DEMANDS", "[0]")))
            self.get(f"/matching/demands/{demand}/", "enterprise /matching/demands/<id>/")

    class BureauUser(_PortalUser):
        """Bureau: the review queue and the talent pool by county."""

        weight = 1
        role = "bureau"

        @task(2)
        def review_queue(self):
            self.get("/demands/review/", "bureau /demands/review/")

        @task(1)
        def talents_by_county(self):
            self.get(f"/talents/?county={random.choice(COUNTIES)}", "bureau /talents/?county")

    class ApiUser(_PortalUser):
        """An integration reading the list API with a token."""

        weight = 3

        def on_start(self):
            self.client.headers.update(HTTPS)
            self.client.headers["Authorization"] = f"Token {TOKEN}"

        @task
        def api_list(self):
            self.get("/api/v1/talents/", "api /api/v1/talents/")
