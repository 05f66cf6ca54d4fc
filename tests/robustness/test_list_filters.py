"""Garbage in list query strings: pages ignore what they cannot read, the API answers 400 or an
empty page, exports still download — never a server error."""

import io

import pytest
from openpyxl import load_workbook

from core.excel import workbook_bytes
from tests.demands.factories import make_achievement, make_demand

GARBAGE = {
    "county": "99999999999999999999",
    "industry": "²",
    "status": "zz",
    "page": "abc",
    "page_size": "-1",
    "q": "x" * 3000,
    "owner": "1e85",
    "mine": "maybe",
    "claim_year": "1e85",
    "demand": "-1",
    "min_maturity": "9",
}

PAGES = [
    "/talents/",
    "/talents/export/",
    "/demands/",
    "/demands/export/",
    "/achievements/",
    "/achievements/export/",
    "/engagements/list/",
    "/engagements/export/",
    "/subsidies/claims/",
    "/subsidies/contracts/",
    "/subsidies/payments/",
    "/accounts/organisations/",
]
APIS = [
    "/api/v1/talents/",
    "/api/v1/talents/export/",
    "/api/v1/demands/",
    "/api/v1/achievements/",
    "/api/v1/engagements/",
    "/api/v1/contracts/",
    "/api/v1/contract-payments/",
    "/api/v1/subsidy-claims/",
    "/api/v1/institutes/",
    "/api/v1/notifications/",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_and_exports_survive_garbage_filters(client_as, bureau, url):
    assert client_as(bureau).get(url, GARBAGE).status_code in (200, 302, 403)


@pytest.mark.parametrize("url", APIS)
def test_api_lists_survive_garbage_filters(api_as, bureau, url):
    assert api_as(bureau).get(url, GARBAGE).status_code in (200, 400, 404)


@pytest.mark.parametrize("industry", ["²", "٣", "99999999999999999999"])
def test_talent_reference_filter_with_odd_digits(api_as, bureau, industry):
    response = api_as(bureau).get("/api/v1/talents/", {"industry": industry, "county": industry})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_export_drops_control_characters_instead_of_failing(client_as, bureau, enterprise_user):
    make_demand(enterprise_user.organisation, status="published", title="密封\x01件\x1f漏油")
    make_achievement(enterprise_user.organisation, status="published", title="成果\x0b名称")
    client = client_as(bureau)
    for url in ("/demands/export/", "/achievements/export/"):
        response = client.get(url)
        assert response.status_code == 200
        text = " ".join(str(c.value) for row in load_workbook(io.BytesIO(response.content)).active for c in row)
        assert "\x01" not in text and "\x0b" not in text


def test_workbook_bytes_keeps_formula_text_and_drops_control_characters():
    wb = load_workbook(io.BytesIO(workbook_bytes(["名称"], [["=1+1\x02"], ["正常"]])))
    assert [c.value for c in wb.active["A"]][1:] == ["=1+1", "正常"]
