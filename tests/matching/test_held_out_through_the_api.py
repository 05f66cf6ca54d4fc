"""The held-out set through the product path: records saved and published (signals → refresh
task, eager here), rankings read from GET /api/v1/demands/{id}/matches/ — as the reviewers do.
The figures must be those of the pure evaluation (same engine, same fields), at least BM25's."""

import pytest

from accounts.models import Industry
from tests.matching import evaluation as ev
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def test_held_out_ranking_read_from_the_api(
    api_as, bureau, enterprise_user, institute_user, django_capture_on_commit_callbacks
):
    from achievements.models import Maturity

    data = ev.load(ev.HELD_OUT_SET)
    industry = {i.name: i.code for i in Industry.objects.all()}
    maturity = dict(enumerate(Maturity.values, 1))  # 1 正在研发 … 5 可以量产, as in the set
    ids = {}
    with django_capture_on_commit_callbacks(execute=True):
        for a in data["achievements"]:
            obj = f.achievement(
                institute_user.organisation,
                title=a["title"],
                summary=a["summary"],
                industry=industry[a["industry"]],
                keywords=a["keywords"],
                maturity=maturity[a["maturity"]],
            )
            ids[obj.pk] = a["id"]
    demand_ids = {}
    with django_capture_on_commit_callbacks(execute=True):
        for d in data["demands"]:
            obj = f.demand(
                enterprise_user.organisation,
                title=d["title"],
                problem=d["problem"],
                description="",
                industry=industry[d["industry"]],
            )
            demand_ids[d["id"]] = obj.pk
    client = api_as(bureau)
    ranked = {}
    for d in data["demands"]:
        body = client.get(f"/api/v1/demands/{demand_ids[d['id']]}/matches/").json()
        ranked[d["id"]] = [ids[row["id"]] for row in body]
        assert all(row["reasons"] for row in body)
    through_api = ev.figures(data["demands"], ranked)
    bm25 = ev.evaluate("held-out", "bm25")
    print(through_api.line("held-out via API"))
    assert through_api.first >= bm25.first and through_api.top3 >= bm25.top3, through_api.failures


def test_achievements_published_after_the_demands_reach_their_stored_suggestions(
    api_as, bureau, enterprise_user, institute_user, django_capture_on_commit_callbacks
):
    """Reviewers publish one record a request, in any order: half the achievements, then the
    demands (whose suggestions are stored from the half they can see), then the other half. Each
    late achievement must reach the stored suggestions of the demands it suits (the refresh task
    fans out), so the API ranks as the pure evaluation does."""
    from achievements.models import Maturity

    data = ev.load(ev.HELD_OUT_SET)
    industry = {i.name: i.code for i in Industry.objects.all()}
    maturity = dict(enumerate(Maturity.values, 1))
    ids, demand_ids = {}, {}

    def publish_achievements(rows):
        for a in rows:
            with django_capture_on_commit_callbacks(execute=True):  # one commit per record, as over HTTP
                obj = f.achievement(
                    institute_user.organisation,
                    title=a["title"],
                    summary=a["summary"],
                    industry=industry[a["industry"]],
                    keywords=a["keywords"],
                    maturity=maturity[a["maturity"]],
                )
            ids[obj.pk] = a["id"]

    publish_achievements(data["achievements"][1::2])
    for d in data["demands"]:
        with django_capture_on_commit_callbacks(execute=True):
            obj = f.demand(
                enterprise_user.organisation,
                title=d["title"],
                problem=d["problem"],
                description="",
                industry=industry[d["industry"]],
            )
        demand_ids[d["id"]] = obj.pk
    publish_achievements(data["achievements"][::2])
    client = api_as(bureau)
    ranked = {}
    for d in data["demands"]:
        body = client.get(f"/api/v1/demands/{demand_ids[d['id']]}/matches/").json()
        ranked[d["id"]] = [ids[row["id"]] for row in body]
    through_api, pure = ev.figures(data["demands"], ranked), ev.evaluate("held-out", "engine")
    assert (through_api.first, through_api.top3) == (pure.first, pure.top3), through_api.failures
