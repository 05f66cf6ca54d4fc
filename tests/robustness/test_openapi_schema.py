"""The OpenAPI schema describes what the API really answers (found by schemathesis)."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _component(schema, name):
    return schema["components"]["schemas"][name]


def test_institute_outside_the_city_has_no_county_or_industry(schema):
    props = _component(schema, "Institute")["properties"]
    assert props["county"].get("nullable") is True
    assert props["industry"].get("nullable") is True


def test_engagement_without_contract_has_null_registration_number(schema):
    props = _component(schema, "Engagement")["properties"]
    assert props["contract_registration_number"].get("nullable") is True


def test_simulator_answer_is_documented_as_what_it_returns(schema):
    response = schema["paths"]["/api/v1/subsidy-claims/simulate/"]["post"]["responses"]["200"]
    ref = response["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/SubsidySimulation")
    assert {"amount", "rate", "cap", "basis", "explanation"} <= set(
        _component(schema, "SubsidySimulation")["properties"]
    )


def test_talent_reads_are_full_or_anonymised(schema):
    record = _component(schema, "TalentRecord")
    assert [r["$ref"].rsplit("/", 1)[1] for r in record["oneOf"]] == ["Talent", "AnonymisedTalent"]
    rows = _component(schema, "TalentListRecord")  # the list: compact rows with a link to the record
    assert [r["$ref"].rsplit("/", 1)[1] for r in rows["oneOf"]] == ["TalentList", "AnonymisedTalent"]
    assert "url" in _component(schema, "TalentList")["properties"]
    response = schema["paths"]["/api/v1/talents/{id}/duplicates/"]["get"]["responses"]["200"]
    assert response["content"]["application/json"]["schema"]["type"] == "array"


def test_anonymised_talent_list_matches_its_schema(api_as, enterprise_user, schema):
    from tests.talents.factories import make_talent  # noqa: PLC0415

    make_talent()
    results = api_as(enterprise_user).get("/api/v1/talents/").json()["results"]
    assert results
    allowed = set(_component(schema, "AnonymisedTalent")["properties"])
    assert set(results[0]) <= allowed


def test_engagement_patch_answer_has_every_documented_field(api_as, bureau, enterprise_user, institute_user, schema):
    from engagements.services import engagement_open  # noqa: PLC0415
    from tests import factories  # noqa: PLC0415
    from tests.matching import factories as f  # noqa: PLC0415

    demand = f.demand(enterprise_user.organisation, county=factories.county("wenxian"))
    engagement = engagement_open(user=bureau, demand=demand, achievement=f.achievement(institute_user.organisation))
    response = api_as(bureau).patch(f"/api/v1/engagements/{engagement.pk}/", {"summary": "改"}, format="json")
    assert response.status_code == 200
    assert set(_component(schema, "Engagement")["required"]) <= set(response.json())
    assert response.json()["contract_registration_number"] is None
