"""The one helper per kind of input (core/inputs.py): edge cases people and Excel produce."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import County, Industry
from core.inputs import (
    DateInputField,
    DecimalInputField,
    LabelChoiceField,
    LabelMultipleChoiceField,
    ReferenceChoiceField,
    ReferenceIndex,
    label_to_code,
    parse_date,
    parse_date_or_none,
    parse_decimal,
    parse_money,
    parse_year_month,
    reference_lookup,
)

CHOICES = [("technology", "技术需求"), ("talent", "人才需求")]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("12,345.60", Decimal("12345.60")),
        ("１２３", Decimal("123")),
        ("1，000", Decimal("1000")),
        (0.1, Decimal("0.1")),
        (7, Decimal(7)),
        (" 5.20 ", Decimal("5.20")),
    ],
)
def test_parse_decimal_reads_what_people_type(typed, expected):
    assert parse_decimal(typed) == expected


@pytest.mark.parametrize(
    "value",
    ["NaN", "-Infinity", Decimal("sNaN"), float("inf"), "", None, True, "12元", "1e5", "2.5E3", Decimal("1E+2")],
)
def test_parse_decimal_refuses_the_rest(value):
    with pytest.raises(ValueError):
        parse_decimal(value)


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("1e12", "科学计数法"),
        ("-0.01", "不能为负数"),
        ("1.005", "两位小数"),
        (float("nan"), "必须是数字"),
        ("", "必须是数字"),
    ],
)
def test_parse_money_keeps_the_column_rules(value, fragment):
    with pytest.raises(ValidationError) as info:
        parse_money(value, "paid", "支付金额")
    [message] = info.value.message_dict["paid"]
    assert message.startswith("支付金额") and fragment in message


def test_parse_money_two_places_and_the_largest_amount():
    assert parse_money("12,000") == Decimal("12000.00")
    assert parse_money(Decimal("999999999999.99")) == Decimal("999999999999.99")
    assert parse_money(0.1) == Decimal("0.10")  # read as typed, not as binary float


@pytest.mark.parametrize(
    "typed",
    ["1975.03", "1975年3月", "197503", "19750315", "1975-3", "1975/03", 197503, 1975.03, dt.date(1975, 3, 9), 27459],
)
def test_parse_year_month(typed):
    assert parse_year_month(typed) == (1975, 3)


@pytest.mark.parametrize("typed", ["七五年", "1975.13", "", 80000, 210101])
def test_parse_year_month_refuses(typed):
    with pytest.raises(ValueError):
        parse_year_month(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "2026-12-31",
        "2026/12/31",
        "2026.12.31",
        "2026年12月31日",
        "20261231",
        20261231,
        46387,
        dt.datetime(2026, 12, 31, 8),
    ],
)
def test_parse_date(typed):
    assert parse_date(typed) == dt.date(2026, 12, 31)


def test_parse_date_or_none_is_none_for_blank_or_garbage():
    assert parse_date_or_none("") is None and parse_date_or_none(None) is None
    assert parse_date_or_none("2026-02-30") is None and parse_date_or_none(10**12) is None
    assert parse_date_or_none("2026-02-28") == dt.date(2026, 2, 28)


def test_date_and_decimal_form_fields_give_chinese_errors():
    assert DateInputField().clean("2026年1月5日") == dt.date(2026, 1, 5)
    with pytest.raises(ValidationError) as info:
        DateInputField().clean("明年")
    assert "日期格式无法识别" in info.value.messages[0]
    assert DecimalInputField(max_digits=12, decimal_places=2).clean("1,234.5") == Decimal("1234.5")
    with pytest.raises(ValidationError):
        DecimalInputField(max_digits=12, decimal_places=2).clean("NaN")


def test_label_to_code_takes_code_label_synonym_or_code_in_capitals():
    assert label_to_code(CHOICES, "技术需求") == "technology"
    assert label_to_code(CHOICES, " talent ") == "talent"
    assert label_to_code(CHOICES, "TALENT") == "talent"
    assert label_to_code(CHOICES, "招人", {"talent": ["招人"]}) == "talent"
    assert label_to_code(CHOICES, "其他东西") == "其他东西"  # the field's validation refuses it
    assert label_to_code(CHOICES, "") == ""


def test_label_fields():
    field = LabelChoiceField(choices=CHOICES, synonyms={"talent": ["招人"]})
    assert field.clean("招人") == "talent"
    with pytest.raises(ValidationError):
        field.clean("航天")
    many = LabelMultipleChoiceField(choices=CHOICES, required=False)
    assert many.clean("技术需求、talent，技术需求") == ["technology", "talent"]
    assert many.clean("") == []


@pytest.mark.django_db
def test_reference_lookup_by_id_code_or_name():
    county = County.objects.get(code="wenxian")
    assert reference_lookup(County.objects.all(), "温县") == county
    assert reference_lookup(County.objects.all(), "wenxian") == county
    assert reference_lookup(County.objects.all(), str(county.pk)) == county
    assert reference_lookup(County.objects.all(), county.pk) == county
    assert reference_lookup(County.objects.all(), "99999999999999999999") is None
    assert reference_lookup(County.objects.all(), "焦作市温县") is None  # exact unless asked to guess
    assert reference_lookup(County.objects.all(), "焦作市温县", guess=True) == county


@pytest.mark.django_db
def test_reference_index_guesses_only_unambiguous_names():
    index = ReferenceIndex(County.objects.all(), guess=True, short_suffixes=("市", "区"))
    assert index.get("沁阳").code == "qinyang"
    assert index.get("温") is None
    industries = ReferenceIndex(Industry.objects.all(), guess=True)
    assert industries.get("装备制造").code == "equipment"


@pytest.mark.django_db
def test_reference_choice_field_message():
    field = ReferenceChoiceField(queryset=Industry.objects.active())
    assert field.clean("新材料").code == "materials"
    with pytest.raises(ValidationError) as info:
        field.clean("航天")
    assert "不是有效的选项" in info.value.messages[0]


@pytest.mark.django_db
@pytest.mark.parametrize("owner", ["99999999999999999999", "１２", "不存在的公司"])
def test_demand_api_owner_that_cannot_exist_is_a_chinese_400(api_as, bureau, owner):
    response = api_as(bureau).post("/api/v1/demands/", {"title": "测试需求", "owner": owner}, format="json")
    assert response.status_code == 400
    assert "不存在" in response.json()["owner"][0]
