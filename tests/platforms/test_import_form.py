"""The import row form and spec (the one import driver in core plugs them in). These tests take
a row the way the driver does: validate with the row form, save, then the spec's workflow step."""

import pytest

from core.workflow import transition
from platforms.forms import PlatformImportForm
from platforms.importing import PlatformImport
from tests import factories

pytestmark = pytest.mark.django_db
SPEC = PlatformImport()


def row(**overrides):
    data = dict(zip(SPEC.headers, SPEC.example, strict=True))
    data.update(overrides)
    return {SPEC.columns[h]: v for h, v in data.items()}


def write(form, user):
    """What the driver does with a valid row: save it, then take the row's workflow step."""
    obj = form.save(commit=False)
    created = obj.pk is None
    SPEC.prepare(obj, user, created=created, context={})
    obj.save()
    form.save_m2m()
    move = SPEC.next_state(obj, user, created=created, context={})
    if move:
        transition(obj, move[0], user, move[1])
    return obj


@pytest.fixture
def units(db):
    host = factories.OrganisationFactory(name="焦作市示范机械制造有限公司", kind="enterprise")
    partner = factories.OrganisationFactory(name="中国科学院示范技术研究所", kind="institute", institute_kind="cas")
    return host, partner


def test_example_row_is_valid_and_reaches_its_state_through_the_workflow(units, bureau):
    host, partner = units
    form = PlatformImportForm(data=row(), user=bureau)
    assert form.is_valid(), form.errors
    platform = write(form, bureau)
    platform.refresh_from_db()
    assert platform.status == "recognised" and platform.host == host and platform.created_by == bureau
    assert list(platform.partners.all()) == [partner]
    assert platform.level == "city" and platform.platform_type.name == "工程技术研究中心"
    assert platform.document_number == "焦科〔2025〕36号"
    assert str(platform.recognised_on) == "2025-06-30"
    # the lookup key of the same row finds the same platform
    again = PlatformImportForm(data=row(), user=bureau)
    assert again.is_valid(), again.errors
    assert SPEC.key(again.save(commit=False)) == SPEC.key(platform)
    assert SPEC.next_state(platform, bureau, created=False, context={}) is None


def test_lookups_by_label_code_name_and_uscc(units, bureau):
    host, _ = units
    data = row(
        **{"级别": "provincial", "依托单位": host.uscc, "所在县区": "沁阳市", "平台类型": "pilot_base", "状态": ""}
    )
    form = PlatformImportForm(data=data, user=bureau)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["level"] == "provincial"
    assert form.cleaned_data["host"] == host
    assert form.cleaned_data["county"].name == "沁阳市"
    assert form.cleaned_data["platform_type"].name == "中试基地"
    assert write(form, bureau).status == "planning"


def test_every_bad_cell_reported_in_chinese(units, bureau):
    data = row(
        **{
            "平台类型": "量子实验室",
            "级别": "县级",
            "依托单位": "不存在的公司",
            "所在县区": "火星",
            "所属产业": "航天、新材料",
            "合作院所": "不存在的研究院",
        }
    )
    form = PlatformImportForm(data=data, user=bureau)
    assert not form.is_valid()
    errors = form.errors
    assert "“量子实验室”不是有效的选项" in errors["platform_type"][0]
    assert "县级" in errors["level"][0]
    assert "找不到依托单位" in errors["host"][0]
    assert "“火星”不是有效的选项" in errors["county"][0]
    assert "航天" in errors["industries"][0]
    assert "“不存在的研究院”不是有效的合作院所" in errors["partners"][0]


def test_host_imports_only_own_planning_platforms(units, enterprise_user):
    form = PlatformImportForm(data=row(), user=enterprise_user)
    assert not form.is_valid()
    assert "只能导入本单位" in form.errors["host"][0]
    assert "只有市科技局" in form.errors["status"][0]


def test_recognised_row_needs_document_number(units, bureau):
    form = PlatformImportForm(data=row(**{"认定文号": ""}), user=bureau)
    assert not form.is_valid() and "认定文号" in form.errors["document_number"][0]


def test_template_choices_come_from_reference_data(db, bureau):
    choices = SPEC.choices(bureau)
    assert choices["平台类型"] == [
        "重点实验室",
        "工程技术研究中心",
        "技术创新中心",
        "企业技术中心",
        "工程研究中心",
        "产业研究院",
        "新型研发机构",
        "科技企业孵化器",
        "众创空间",
        "星创天地",
        "大学科技园",
        "中试基地",
        "院士工作站",
        "产业创新联盟",
        "开放共享实验室",
    ]
    assert choices["级别"] == ["国家级", "省级", "市级"]
    assert set(choices) <= set(SPEC.headers) and SPEC.required <= set(SPEC.headers)
