"""The import row form and spec (the one import driver in core plugs them in)."""

import pytest

from platforms import importing
from platforms.forms import PlatformImportForm
from platforms.models import Platform
from tests import factories

pytestmark = pytest.mark.django_db


def row(**overrides):
    data = dict(zip(importing.headers(), importing.EXAMPLE, strict=True))
    data.update(overrides)
    return {importing.COLUMNS[h]: v for h, v in data.items()}


@pytest.fixture
def units(db):
    host = factories.OrganisationFactory(name="焦作市示范机械制造有限公司", kind="enterprise")
    partner = factories.OrganisationFactory(name="中国科学院示范技术研究所", kind="institute", institute_kind="cas")
    return host, partner


def test_example_row_is_valid_and_saves_through_the_workflow(units, bureau):
    host, partner = units
    form = PlatformImportForm(data=row(), user=bureau)
    assert form.is_valid(), form.errors
    platform, created = importing.save_row(form, user=bureau)
    assert created and platform.status == "recognised" and platform.host == host
    assert list(platform.partners.all()) == [partner]
    assert platform.level == "city" and platform.platform_type.name == "工程技术研究中心"
    assert platform.document_number == "焦科〔2025〕36号"
    # the same row again finds the same platform (lookup key: host + name)
    existing = importing.find_existing(row(), host=host)
    assert existing == platform


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


def test_every_bad_cell_reported_in_chinese(units, bureau):
    data = row(
        **{
            "平台类型": "量子实验室",
            "级别": "县级",
            "依托单位": "不存在的公司",
            "所在县区": "火星",
            "所属产业": "航天、新材料",
        }
    )
    form = PlatformImportForm(data=data, user=bureau)
    assert not form.is_valid()
    errors = form.errors
    assert "“量子实验室”不是有效的平台类型" in errors["platform_type"][0]
    assert "县级" in errors["level"][0]
    assert "找不到依托单位" in errors["host"][0]
    assert "“火星”不是有效的县区" in errors["county"][0]
    assert "“航天”不是有效的产业" in errors["industries"][0]


def test_host_imports_only_own_planning_platforms(units, enterprise_user):
    form = PlatformImportForm(data=row(), user=enterprise_user)
    assert not form.is_valid()
    assert "只能导入本单位" in form.errors["host"][0]
    assert "只有市科技局" in form.errors["status"][0]


def test_recognised_row_needs_document_number(units, bureau):
    form = PlatformImportForm(data=row(**{"认定文号": ""}), user=bureau)
    assert not form.is_valid() and "认定文号" in form.errors["document_number"][0]


def test_template_choices_come_from_reference_data(db):
    choices = importing.template_choices()
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
    assert Platform.objects.count() == 0
