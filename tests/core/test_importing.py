"""The one import driver (core/importing.py) seen from the three apps that use it: a dry run
writes nothing, writes go through core.workflow, listeners hear about bulk writes, and every
problem is reported by row and column."""

import json

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType

from achievements.forms import AchievementImport
from core.importing import ImportSpec, records_imported, records_upload, run_import
from core.models import Notification, StatusChange
from core.workflow import history_of
from demands.forms import DemandImport
from demands.models import Demand
from matching.models import DocKind, MatchDocument
from matching.services import index_object
from talents.forms import TalentImport
from talents.models import Talent, TalentCategory
from tests.achievements.test_import import row as achievement_row
from tests.achievements.test_import import xlsx as achievement_xlsx
from tests.credit.factories import make_blacklist
from tests.demands.test_import import row as demand_row
from tests.demands.test_import import xlsx as demand_xlsx
from tests.talents.factories import make_talent, row, xlsx

pytestmark = pytest.mark.django_db


def status_changes(model):
    return StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(model))


def test_dry_run_writes_nothing_at_all(liaison_wenxian, bureau, enterprise_user):
    talents = run_import(
        TalentImport(), xlsx([row(), row(姓名="张三", 手机="13912345679")]), user=liaison_wenxian, dry_run=True
    )
    assert (talents.created, talents.errors) == (2, [])
    demands = run_import(DemandImport(), demand_xlsx([demand_row()]), user=bureau, dry_run=True, publish=True)
    assert (demands.created, demands.errors) == (1, [])
    assert Talent.objects.count() == 0 and Talent.history.count() == 0
    assert Demand.objects.count() == 0 and Demand.history.count() == 0
    assert StatusChange.objects.count() == 0 and Notification.objects.count() == 0


def test_dry_run_of_an_update_leaves_the_record_as_it_was(liaison_wenxian):
    run_import(TalentImport(), xlsx([row()]), user=liaison_wenxian, dry_run=False)
    talent = Talent.objects.get()
    versions = talent.history.count()
    result = run_import(TalentImport(), xlsx([row(职务="副所长")]), user=liaison_wenxian, dry_run=True)
    assert (result.updated, result.actions) == (1, {2: "更新"})
    talent.refresh_from_db()
    assert talent.position == "课题组长" and talent.history.count() == versions


def test_new_talents_are_submitted_for_screening_by_the_importing_user(liaison_wenxian):
    run_import(TalentImport(), xlsx([row(), row(姓名="张三", 手机="13912345679")]), user=liaison_wenxian, dry_run=False)
    changes = status_changes(Talent)
    assert changes.count() == 2
    assert {(c.from_state, c.to_state, c.actor_id, c.workflow) for c in changes} == {
        ("draft", "screening", liaison_wenxian.pk, "talent")
    }
    for talent in Talent.objects.all():
        reasons = list(talent.history.order_by("history_id").values_list("history_change_reason", flat=True))
        assert reasons == ["新建（Excel 导入）", "草稿 → 待甄别"]


def test_bureau_publishing_on_import_goes_through_the_workflow_and_notifies_the_owner(
    bureau, enterprise_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(DemandImport(), demand_xlsx([demand_row()]), user=bureau, dry_run=False, publish=True)
    assert result.errors == [] and result.created == 1
    demand = Demand.objects.get()
    assert demand.status == "published" and demand.published_at is not None
    [change] = history_of(demand)
    assert (change.from_state, change.to_state, change.actor, change.comment) == (
        "draft",
        "published",
        bureau,
        "市科技局批量导入发布",
    )
    assert Notification.objects.filter(recipient=enterprise_user, kind="demand_published").count() == 1


def test_publish_refused_by_the_workflow_is_a_row_error_even_in_a_dry_run(bureau, enterprise_user):
    make_blacklist(enterprise_user.organisation, reason="虚报需求")
    result = run_import(DemandImport(), demand_xlsx([demand_row()]), user=bureau, dry_run=True, publish=True)
    [problem] = result.errors
    assert (problem.row, problem.column) == (2, "需求单位") and "黑名单" in problem.message
    assert "虚报需求" in problem.message


def test_records_imported_is_sent_once_after_commit(liaison_wenxian, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, ids, created_ids, updated_ids, user, **kwargs):
        heard.append((sender, sorted(ids), len(created_ids), len(updated_ids), user))

    records_imported.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run_import(TalentImport(), xlsx([row()]), user=liaison_wenxian, dry_run=True)
        assert heard == []
        with django_capture_on_commit_callbacks(execute=True):
            run_import(TalentImport(), xlsx([row()]), user=liaison_wenxian, dry_run=False)
    finally:
        records_imported.disconnect(listener)
    assert heard == [(Talent, [Talent.objects.get().pk], 1, 0, liaison_wenxian)]


def test_excel_update_of_an_admitted_talent_refreshes_its_matching_entry(
    liaison_wenxian, django_capture_on_commit_callbacks
):
    talent = make_talent("wenxian", name="李红梅", phone="13912345678", birth_year=1980, birth_month=3)
    index_object(DocKind.TALENT, talent)
    before = MatchDocument.objects.get(kind=DocKind.TALENT, object_id=talent.pk)
    assert "盐碱" not in json.dumps(before.profile, ensure_ascii=False)
    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(
            TalentImport(),
            xlsx([row(研究领域="盐碱地改良", 所属产业="现代高效农业")]),
            user=liaison_wenxian,
            dry_run=False,
        )
    assert (result.created, result.updated, result.errors) == (0, 1, [])
    talent.refresh_from_db()
    assert talent.status == "admitted" and talent.research_field == "盐碱地改良"
    document = MatchDocument.objects.get(kind=DocKind.TALENT, object_id=talent.pk)
    assert "盐碱" in json.dumps(document.profile, ensure_ascii=False)


def test_every_problem_of_every_row_is_reported_by_row_and_column_in_chinese(bureau, institute_user):
    result = run_import(
        AchievementImport(),
        achievement_xlsx(
            [
                achievement_row(),
                achievement_row(成果名称="第二项", 成熟度="差不多了", 所属产业="航天", **{"参考价格（万元）": "很贵"}),
                achievement_row(成果名称="", 成果持有单位=""),
                achievement_row(),
            ]
        ),
        user=bureau,
        dry_run=False,
    )
    found = [(e.row, e.column) for e in result.errors]
    assert found == [
        (3, "所属产业"),
        (3, "成熟度"),
        (3, "参考价格（万元）"),
        (4, "成果持有单位"),
        (5, "成果名称"),
    ]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e.message) for e in result.errors)
    assert result.created == 0


def test_a_template_column_left_out_of_the_file_is_not_blanked_on_update(liaison_wenxian):
    run_import(TalentImport(), xlsx([row()]), user=liaison_wenxian, dry_run=False)
    Talent.objects.update(honours="国家杰青", wechat="lihm_wx")
    result = run_import(TalentImport(), xlsx([row(职务="副所长")]), user=liaison_wenxian, dry_run=False)
    assert result.updated == 1
    talent = Talent.objects.get()
    assert (talent.position, talent.honours, talent.wechat) == ("副所长", "国家杰青", "lihm_wx")


class CategoryForm(forms.ModelForm):
    class Meta:
        model = TalentCategory
        fields = ["code", "name", "examples"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class CategoryImport(ImportSpec):
    """The smallest spec: a model, its form, the columns and the key."""

    model = TalentCategory
    form_class = CategoryForm
    columns = {"编码": "code", "名称": "name", "说明": "examples"}
    required = {"编码", "名称"}
    key_fields = ("code",)
    key_column = "编码"

    def may_update(self, obj, user):
        return user.is_bureau


def category_file(rows):
    return records_upload(CategoryImport(), [dict(zip(["编码", "名称", "说明"], r, strict=True)) for r in rows])


def test_a_new_app_needs_only_a_spec_and_its_form(bureau, liaison_wenxian):
    rows = [("expert_a", "示例类别甲", "说明一"), ("expert_b", "示例类别乙", "")]
    first = run_import(CategoryImport(), category_file(rows), user=bureau, dry_run=False)
    assert (first.created, first.errors) == (2, [])
    again = run_import(CategoryImport(), category_file(rows), user=bureau, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = [("expert_a", "示例类别甲", "说明二"), ("expert_b", "示例类别乙", "")]
    refused = run_import(CategoryImport(), category_file(changed), user=liaison_wenxian, dry_run=False)
    assert [(e.row, e.column) for e in refused.errors] == [(2, "编码")]
    updated = run_import(CategoryImport(), category_file(changed), user=bureau, dry_run=False)
    assert (updated.updated, updated.unchanged) == (1, 1)
    assert TalentCategory.objects.get(code="expert_a").examples == "说明二"
    duplicate = run_import(CategoryImport(), category_file([rows[0], rows[0]]), user=bureau, dry_run=True)
    assert [(e.row, e.column) for e in duplicate.errors] == [(3, "编码")]
