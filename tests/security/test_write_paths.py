"""Writes (update, partial update, delete, transition, custom actions, form POSTs) per persona.

Out of scope is 404, visible but not yours to change is 403, anonymous is 403 on the API and a
login redirect on pages; a refused write changes nothing.
"""

import pytest
from rest_framework.test import APIClient

from demands.models import Demand


def api(world, persona):
    client = APIClient()
    user = world.users[persona]
    if persona == "inactive":  # real token auth: force_authenticate would skip the is_active check
        from rest_framework.authtoken.models import Token

        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    elif user is not None:
        client.force_authenticate(user)
    return client


def page(world, persona):
    client = APIClient(enforce_csrf_checks=False)
    if world.users[persona] is not None:
        client.force_login(world.users[persona], backend="accounts.backends.PortalBackend")
    return client


REFUSED_API_WRITES = [
    # (method, url template, body, {persona: status})
    (
        "patch",
        "/api/v1/demands/{demand}/",
        {"title": "改"},
        {
            "anonymous": 403,
            "other_enterprise": 403,
            "institute": 403,
            "liaison_wenxian": 403,
            "leader": 403,
            "owner": 403,
        },
    ),
    (
        "patch",
        "/api/v1/demands/{demand_draft}/",
        {"title": "改"},
        {"other_enterprise": 404, "institute": 404, "liaison_wenxian": 404, "leader": 404},
    ),
    ("delete", "/api/v1/demands/{demand_draft}/", None, {"other_enterprise": 404, "leader": 404}),
    (
        "post",
        "/api/v1/demands/{demand_draft}/transition/",
        {"to": "pending_review"},
        {"other_enterprise": 404, "leader": 404, "institute": 404},
    ),
    (
        "post",
        "/api/v1/demands/{demand}/transition/",
        {"to": "closed", "comment": "x"},
        {"other_enterprise": 403, "leader": 403, "institute": 403},
    ),
    (
        "patch",
        "/api/v1/achievements/{achievement_draft}/",
        {"title": "改"},
        {"owner": 404, "other_enterprise": 404, "leader": 404, "liaison_wenxian": 404},
    ),
    ("put", "/api/v1/achievements/{achievement}/", {"title": "改"}, {"owner": 403, "leader": 403}),
    (
        "post",
        "/api/v1/achievements/{achievement_draft}/transition/",
        {"to": "pending_review"},
        {"owner": 404, "leader": 404},
    ),
    (
        "patch",
        "/api/v1/talents/{talent_qy}/",
        {"employer": "改"},
        {"liaison_wenxian": 404, "leader": 404, "owner": 403, "institute": 403, "anonymous": 403},
    ),
    ("delete", "/api/v1/talents/{talent_qy}/", None, {"liaison_wenxian": 404, "owner": 403}),
    ("post", "/api/v1/talents/{talent_wx}/archive/", {}, {"liaison_qinyang": 404, "owner": 403}),
    ("post", "/api/v1/talents/{talent_wx}/confirm/", {}, {"liaison_qinyang": 404, "owner": 403, "institute": 403}),
    (
        "post",
        "/api/v1/talents/{talent_wx}/transition/",
        {"to": "archived", "comment": "x"},
        {"liaison_qinyang": 404, "owner": 403},
    ),
    (
        "post",
        "/api/v1/talents/{talent_wx}/merge/",
        {"other": "{talent_qy}"},
        {"liaison_wenxian": 404, "liaison_qinyang": 404, "owner": 403, "leader": 404},
    ),
    ("post", "/api/v1/talents/{talent_wx}/confirm-distinct/", {"other": "{talent_qy}"}, {"liaison_wenxian": 404}),
    ("post", "/api/v1/talents/", {"name": "新"}, {"owner": 403, "institute": 403, "leader": 403, "anonymous": 403}),
    ("post", "/api/v1/talents/import/", {}, {"owner": 403, "leader": 403}),
    (
        "patch",
        "/api/v1/engagements/{engagement}/",
        {"summary": "改"},
        {"owner": 403, "institute": 403, "leader": 403, "other_enterprise": 404, "liaison_qinyang": 404},
    ),
    (
        "post",
        "/api/v1/engagements/{engagement}/notes/",
        {"body": "记录"},
        {"owner": 403, "institute": 403, "leader": 403, "other_enterprise": 404},
    ),
    (
        "post",
        "/api/v1/engagements/{engagement}/transition/",
        {"to": "negotiating"},
        {"owner": 403, "institute": 403, "leader": 403, "other_enterprise": 404},
    ),
    (
        "post",
        "/api/v1/engagements/",
        {"demand": "{demand}", "achievement": "{achievement}"},
        {"owner": 403, "institute": 403, "leader": 403},
    ),
    (
        "patch",
        "/api/v1/contracts/{contract}/",
        {"name": "改"},
        {"other_enterprise": 404, "institute": 404, "liaison_qinyang": 404, "liaison_wenxian": 403, "leader": 403},
    ),
    (
        "patch",
        "/api/v1/subsidy-claims/{claim_draft}/",
        {"requested_amount": "1"},
        {"other_enterprise": 404, "bureau": 404, "liaison_wenxian": 404, "leader": 404},
    ),
    (
        "post",
        "/api/v1/subsidy-claims/{claim_draft}/transition/",
        {"to": "submitted"},
        {"other_enterprise": 404, "bureau": 404},
    ),
    (
        "post",
        "/api/v1/subsidy-claims/{claim}/transition/",
        {"to": "county_review"},
        {"owner": 403, "other_enterprise": 404, "liaison_qinyang": 404, "institute": 404},
    ),
    ("post", "/api/v1/subsidy-claims/{claim}/attachments/", {}, {"other_enterprise": 404, "liaison_wenxian": 403}),
    (
        "post",
        "/api/v1/contract-payments/{payment}/transition/",
        {"to": "verified"},
        {"owner": 400, "other_enterprise": 404},
    ),
    ("put", "/api/v1/institutes/{institute_org}/", {"name": "改名"}, {"owner": 403, "leader": 403}),
    ("post", "/api/v1/institutes/", {"name": "新院所"}, {"owner": 403, "institute": 403, "leader": 403}),
    ("post", "/api/v1/subsidy-claims/simulate/", {"basis_amount": "100"}, {"anonymous": 403, "inactive": 403}),
]


def _fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "template", "body", "expected"), REFUSED_API_WRITES)
def test_refused_api_write(world, method, template, body, expected):
    url = template.format(**world.ids)
    before = {d.pk: (d.title, d.status) for d in Demand.objects.all()}
    problems = []
    for persona, status in expected.items():
        kwargs = {"format": "json"} if body is not None else {}
        response = getattr(api(world, persona), method)(url, _fill(body, world.ids), **kwargs)
        if response.status_code != status:
            problems.append(f"{persona} {method.upper()} {url}: {response.status_code} {response.content[:200]!r}")
    assert not problems, "\n".join(problems)
    assert {d.pk: (d.title, d.status) for d in Demand.objects.all()} == before


REFUSED_PAGE_POSTS = [
    ("/demands/{demand_draft}/edit/", {"title": "改"}, {"other_enterprise": 404, "leader": 404}),
    ("/demands/{demand}/edit/", {"title": "改"}, {"other_enterprise": 403, "owner": 403}),
    ("/demands/{demand_draft}/transition/", {"to": "pending_review"}, {"other_enterprise": 404, "institute": 404}),
    ("/demands/batch/", {"ids": ["{demand_draft}"], "to": "published"}, {"owner": 403, "leader": 403}),
    ("/achievements/{achievement}/attachments/{attachment}/delete/", {}, {"owner": 403, "other_enterprise": 403}),
    ("/achievements/{achievement_draft}/attachments/{attachment_draft}/delete/", {}, {"owner": 404}),
    ("/achievements/{achievement_draft}/attachments/", {}, {"owner": 404, "leader": 404}),
    ("/talents/{talent_qy}/edit/", {"name": "改"}, {"liaison_wenxian": 404, "owner": 403}),
    ("/talents/{talent_qy}/confirm/", {}, {"liaison_wenxian": 404, "owner": 403}),
    ("/talents/{talent_qy}/link/", {}, {"liaison_wenxian": 404, "owner": 403}),
    ("/talents/{talent_wx}/merge/{talent_qy}/", {}, {"liaison_wenxian": 403}),
    ("/talents/screening/admit/", {}, {"liaison_wenxian": 403}),
    ("/subsidies/claims/{claim_draft}/delete/", {}, {"other_enterprise": 404, "bureau": 404}),
    ("/subsidies/claims/{claim}/delete/", {}, {"other_enterprise": 404}),
    ("/subsidies/attachments/{claim_attachment_draft}/delete/", {}, {"other_enterprise": 404, "liaison_wenxian": 404}),
    ("/subsidies/claims/{claim_draft}/attachments/", {}, {"other_enterprise": 404}),
    ("/subsidies/contracts/{contract}/payments/new/", {}, {"other_enterprise": 404, "institute": 404}),
    ("/subsidies/publicity/publicize/", {}, {"owner": 403, "leader": 403}),
    ("/accounts/organisations/{enterprise_org}/verify/", {}, {"owner": 403, "leader": 403}),
    ("/accounts/institutes/{institute_org}/edit/", {"name": "改"}, {"institute": 403}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("template", "body", "expected"), REFUSED_PAGE_POSTS)
def test_refused_page_post(world, template, body, expected):
    url = template.format(**world.ids)
    problems = []
    for persona, status in {"anonymous": 302, **expected}.items():
        response = page(world, persona).post(url, _fill(body, world.ids))
        if response.status_code != status:
            problems.append(f"{persona} POST {url}: {response.status_code}")
        if persona == "anonymous":
            assert response["Location"].startswith("/accounts/login/")
    assert not problems, "\n".join(problems)
