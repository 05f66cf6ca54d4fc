"""The held-out set through the product path: records saved and published (signals → refresh
task, eager here), rankings read from GET /api/v1/demands/{id}/matches/ — as the reviewers do.
The figures must be those of the pure evaluation (same engine, same fields), at least BM25's."""

import pytest

from accounts.models import Industry
from tests.matching import evaluation as ev
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


class Publisher:
    """Saves the held-out set's records as published demands and achievements, in the order and
    with the commits a test chooses, and reads the demands' rankings from the API."""

    def __init__(self, enterprise, institute, on_commit):
        from achievements.models import Maturity

        self.data = ev.load(ev.HELD_OUT_SET)
        self.enterprise, self.institute, self.on_commit = enterprise, institute, on_commit
        self.industry = {i.name: i.code for i in Industry.objects.all()}
        self.maturity = dict(enumerate(Maturity.values, 1))  # 1 正在研发 … 5 可以量产, as in the set
        self.achievement_ids, self.demand_ids = {}, {}

    def achievement(self, a):
        obj = f.achievement(
            self.institute.organisation,
            title=a["title"],
            summary=a["summary"],
            industry=self.industry[a["industry"]],
            keywords=a["keywords"],
            maturity=self.maturity[a["maturity"]],
        )
        self.achievement_ids[obj.pk] = a["id"]

    def demand(self, d):
        obj = f.demand(
            self.enterprise.organisation,
            title=d["title"],
            problem=d["problem"],
            description="",
            industry=self.industry[d["industry"]],
        )
        self.demand_ids[d["id"]] = obj.pk

    def each_in_its_commit(self, publish, rows):
        for row in rows:
            with self.on_commit(execute=True):  # one commit per record, as over HTTP
                publish(row)

    def all_in_one_commit(self, publish, rows):
        with self.on_commit(execute=True):
            for row in rows:
                publish(row)

    def figures_via_api(self, client):
        ranked = {}
        for d in self.data["demands"]:
            body = client.get(f"/api/v1/demands/{self.demand_ids[d['id']]}/matches/").json()
            ranked[d["id"]] = [self.achievement_ids[row["id"]] for row in body]
            assert all(row["reasons"] for row in body)
        return ev.figures(self.data["demands"], ranked)


@pytest.fixture
def publisher(enterprise_user, institute_user, django_capture_on_commit_callbacks):
    return Publisher(enterprise_user, institute_user, django_capture_on_commit_callbacks)


def test_held_out_ranking_read_from_the_api(api_as, bureau, publisher):
    publisher.all_in_one_commit(publisher.achievement, publisher.data["achievements"])
    publisher.all_in_one_commit(publisher.demand, publisher.data["demands"])
    through_api = publisher.figures_via_api(api_as(bureau))
    bm25 = ev.evaluate("held-out", "bm25")
    print(through_api.line("held-out via API"))
    assert through_api.first >= bm25.first and through_api.top3 >= bm25.top3, through_api.failures


def test_achievements_published_after_the_demands_reach_their_stored_suggestions(api_as, bureau, publisher):
    """Reviewers publish one record a request, in any order: half the achievements, then the
    demands (whose suggestions are stored from the half they can see), then the other half. Each
    late achievement must reach the stored suggestions of the demands it suits (the refresh task
    fans out), so the API ranks as the pure evaluation does."""
    achievements = publisher.data["achievements"]
    publisher.each_in_its_commit(publisher.achievement, achievements[1::2])
    publisher.each_in_its_commit(publisher.demand, publisher.data["demands"])
    publisher.each_in_its_commit(publisher.achievement, achievements[::2])
    through_api, pure = publisher.figures_via_api(api_as(bureau)), ev.evaluate("held-out", "engine")
    assert (through_api.first, through_api.top3) == (pure.first, pure.top3), through_api.failures
