"""Multi-step operations on talent records, called by pages, API, importer and tasks alike."""

import datetime as dt
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.notifications import close_tasks, notify_many
from core.reminders import remind
from core.workflow import transition

from .models import (
    MERGE_FIELDS,
    MERGE_LIST_FIELDS,
    ConsentMethod,
    RefreshLink,
    Talent,
    TalentCorrection,
    TalentStatus,
)

# --------------------------------------------------------------------------- duplicates


@dataclass
class DuplicateCandidate:
    talent: Talent
    reasons: list[str]


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a or "", b or "").ratio()


def find_duplicates(talent: Talent, limit: int = 10) -> list[DuplicateCandidate]:
    """Likely duplicates across all counties: same phone or email, same name and birth year,
    or a very similar name at a very similar employer. Archived records and pairs the bureau
    confirmed as different people are left out."""
    if talent.pk is None:
        return []
    query = Q(name=talent.name, birth_year=talent.birth_year)
    if talent.phone:
        query |= Q(phone=talent.phone)
    if talent.email:
        query |= Q(email=talent.email)
    if talent.name and len(talent.employer or "") >= 2:
        query |= Q(name__startswith=talent.name[:1], employer__startswith=talent.employer[:2])
    distinct_ids = set(talent.distinct_from.values_list("pk", flat=True))
    rows = (
        Talent.objects.filter(query)
        .exclude(pk=talent.pk)
        .exclude(status=TalentStatus.ARCHIVED)
        .select_related("native_county", "category")
        .order_by("pk")[:200]
    )
    found = []
    for other in rows:
        if other.pk in distinct_ids:
            continue
        reasons = []
        if talent.phone and other.phone == talent.phone:
            reasons.append("手机/电话相同")
        if talent.email and other.email == talent.email:
            reasons.append("邮箱相同")
        if other.name == talent.name and other.birth_year == talent.birth_year:
            reasons.append("姓名和出生年份相同")
        elif _similar(other.name, talent.name) >= 0.5 and (
            other.employer in talent.employer
            or talent.employer in other.employer
            or _similar(other.employer, talent.employer) >= 0.6
        ):
            reasons.append("姓名和工作单位高度相似")
        if reasons:
            found.append(DuplicateCandidate(other, reasons))
        if len(found) >= limit:
            break
    return found


def _value(talent, field):
    f = Talent._meta.get_field(field)
    return getattr(talent, f.attname)


@transaction.atomic
def talent_merge(*, survivor: Talent, other: Talent, choices: dict | None = None, user) -> Talent:
    """Merge `other` into `survivor`: per field, `choices[field]` is "survivor" or "other"
    (lists and industries also "union"). The merge is recorded in the survivor's history and
    `other` is archived with a pointer to the survivor."""
    if not user.is_bureau:
        raise PermissionDenied("只有市科技局可以合并人才记录。")
    choices = dict(choices or {})
    survivor = Talent.objects.select_for_update().get(pk=survivor.pk)
    other = Talent.objects.select_for_update().get(pk=other.pk)
    if survivor.pk == other.pk:
        raise ValidationError("不能把记录与自身合并。")
    if TalentStatus.ARCHIVED in (survivor.status, other.status):
        raise ValidationError("已归档的记录不能合并。")
    unknown = set(choices) - set(MERGE_FIELDS) - set(MERGE_LIST_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}")

    taken = []
    for field in MERGE_FIELDS:
        choice = choices.get(field)
        if choice not in (None, "survivor", "other"):
            raise ValidationError(f"字段 {field} 的选择无效：{choice}")
        mine, theirs = _value(survivor, field), _value(other, field)
        wanted = choice == "other" or (choice is None and mine in (None, "") and theirs not in (None, ""))
        if wanted and mine != theirs:
            setattr(survivor, Talent._meta.get_field(field).attname, theirs)
            taken.append(str(Talent._meta.get_field(field).verbose_name))
    for field in ("keywords", "cooperation_intents"):
        choice = choices.get(field, "union")
        mine, theirs = list(getattr(survivor, field) or []), list(getattr(other, field) or [])
        if choice == "other":
            setattr(survivor, field, theirs)
        elif choice == "union":
            setattr(survivor, field, mine + [v for v in theirs if v not in mine])
    industry_choice = choices.get("industries", "union")
    if industry_choice == "other":
        survivor.industries.set(other.industries.all())
    elif industry_choice == "union":
        survivor.industries.add(*other.industries.all())

    if survivor.age_exception is False and other.age_exception:
        survivor.age_exception = True
        survivor.age_exception_reason = other.age_exception_reason
        survivor.age_exception_by_id = other.age_exception_by_id
        survivor.age_exception_on = other.age_exception_on
    survivor._change_reason = f"合并记录 {other.code}（{other.name}，{other.native_county}）" + (
        f"，采用其{'、'.join(taken)}" if taken else ""
    )
    survivor.save()
    survivor.distinct_from.remove(other)
    Talent.objects.filter(pk=other.pk).update(merged_into=survivor)
    transition(other, TalentStatus.ARCHIVED, user, comment=f"已合并至 {survivor.code}（{survivor.name}）")
    other.refresh_from_db()
    return survivor


@transaction.atomic
def talent_confirm_distinct(*, talent: Talent, other: Talent, user) -> None:
    """The bureau confirms two records are different people; they stop showing as duplicates."""
    if not user.is_bureau:
        raise PermissionDenied("只有市科技局可以确认非重复。")
    if talent.pk == other.pk:
        raise ValidationError("不能与自身比较。")
    talent.distinct_from.add(other)
    talent._change_reason = f"确认与 {other.code}（{other.name}，{other.native_county}）不是同一人"
    talent.save()


# --------------------------------------------------------------------------- entry and refresh


@transaction.atomic
def talent_save_from_form(*, form, user, submit: bool = True) -> Talent:
    """Save a validated TalentForm as `user`: new records start their refresh clock and go to
    screening when submitted; edits by the liaison or bureau reset the clock."""
    talent = form.save(commit=False)
    creating = talent.pk is None
    if creating:
        talent.created_by = user
        talent.status = TalentStatus.DRAFT
    talent.mark_verified()
    if talent.age_exception and "age_exception" in form.changed_data:
        talent.age_exception_by = user
        talent.age_exception_on = timezone.localdate()
    if not talent.age_exception:
        talent.age_exception_reason = ""
        talent.age_exception_by = None
        talent.age_exception_on = None
    talent._change_reason = "新建" if creating else "编辑（重新核实）"
    talent.save()
    form.save_m2m()
    if submit and talent.status == TalentStatus.DRAFT:
        transition(talent, TalentStatus.SCREENING, user, comment="录入后提交甄别")
    elif not creating and form.has_changed():
        rescreen_after_edit(talent, user, "修改了已入库的记录")
    return talent


def rescreen_after_edit(talent: Talent, user, what: str) -> None:
    """An admitted record changed by anyone but the bureau goes back to screening (the bureau
    screens what enters the library), with a history row and a notice to the bureau."""
    if talent.status == TalentStatus.ADMITTED and not user.is_bureau:
        transition(talent, TalentStatus.SCREENING, user, comment=f"{what}，需重新甄别")


@transaction.atomic
def talent_confirm_current(*, talent: Talent, user) -> Talent:
    """Liaison (or bureau) confirms the record is still correct: the two-year clock restarts."""
    if not talent.can_edit(user):
        raise PermissionDenied("您无权确认此记录。")
    talent.mark_verified()
    talent._change_reason = "确认信息无误（两年更新）"
    talent.save()
    return talent


def liaisons_of(county_id):
    return User.objects.liaisons_of(county_id)


def mark_refresh_due(today: dt.date | None = None) -> int:
    """Mark records whose refresh date has come and tell each county's liaisons once per batch.

    The marking and its notifications are one transaction: if a notification cannot be written,
    nothing is marked and the next run tries again, so no reminder is lost.
    """
    today = today or timezone.localdate()
    url = reverse("talents:list") + "?refresh_due=true"
    with transaction.atomic():
        newly = list(
            Talent.objects.select_for_update()
            .filter(refresh_due_on__lte=today, is_refresh_due=False)
            .exclude(status=TalentStatus.ARCHIVED)
            .values_list("pk", "native_county_id", "name")
        )
        Talent.objects.filter(pk__in=[pk for pk, _, _ in newly]).update(is_refresh_due=True)
        by_county: dict[int, list[str]] = {}
        for _, county_id, name in newly:
            by_county.setdefault(county_id, []).append(name)
        for county_id, names in by_county.items():
            listing = "、".join(names[:50]) + (f" 等 {len(names)} 人" if len(names) > 50 else "")
            for liaison in liaisons_of(county_id):
                remind(
                    liaison,
                    "talent_refresh_due",
                    f"refresh:{county_id}:{today.isoformat()}",
                    on=today,
                    title=f"有 {len(names)} 条人才记录到了两年更新期",
                    body=f"请核实并更新以下人员信息：{listing}。",
                    url=url,
                )
    return len(newly)


# --------------------------------------------------------------------------- signed self-service link

LINK_SALT = "talents.refresh-link"


def refresh_link_create(*, talent: Talent, user) -> tuple[RefreshLink, str]:
    """A single-use link valid for 30 days; returns (link, path with the signed token)."""
    if not talent.can_edit(user):
        raise PermissionDenied("您无权为此记录生成核实链接。")
    link = RefreshLink.objects.create(talent=talent, created_by=user)
    token = signing.TimestampSigner(salt=LINK_SALT).sign(str(link.pk))
    return link, reverse("talents:self_refresh", args=[token])


class LinkError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def refresh_link_resolve(token: str) -> RefreshLink:
    try:
        pk = signing.TimestampSigner(salt=LINK_SALT).unsign(token, max_age=dt.timedelta(days=RefreshLink.VALID_DAYS))
    except signing.SignatureExpired as exc:
        raise LinkError("该链接已超过 30 天有效期，请联系所在县区科技部门重新发送。") from exc
    except signing.BadSignature as exc:
        raise LinkError("链接无效，请检查是否完整复制。") from exc
    link = RefreshLink.objects.select_related("talent").filter(pk=pk).first()
    if link is None or link.talent.status == TalentStatus.ARCHIVED:
        raise LinkError("链接无效，请检查是否完整复制。")
    if link.used_at is not None:
        raise LinkError("该链接已使用过，每个链接只能使用一次。如需再次修改，请联系所在县区科技部门。")
    return link


@transaction.atomic
def refresh_link_confirm(*, link: RefreshLink) -> None:
    link = RefreshLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at is not None:
        raise LinkError("该链接已使用过，每个链接只能使用一次。")
    talent = link.talent
    talent.mark_verified()
    if not talent.consent_on:
        talent.consent_on = timezone.localdate()
        talent.consent_method = ConsentMethod.SELF_LINK
    talent._change_reason = "本人通过核实链接确认信息无误"
    talent.save()
    link.used_at = timezone.now()
    link.outcome = "confirmed"
    link.save(update_fields=["used_at", "outcome"])


@transaction.atomic
def refresh_link_correct(*, link: RefreshLink, changes: dict, message: str = "") -> TalentCorrection:
    link = RefreshLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at is not None:
        raise LinkError("该链接已使用过，每个链接只能使用一次。")
    correction = TalentCorrection.objects.create(talent=link.talent, link=link, changes=changes, message=message)
    link.used_at = timezone.now()
    link.outcome = "corrected"
    link.save(update_fields=["used_at", "outcome"])

    notify_many(
        liaisons_of(link.talent.native_county_id),
        "talent_correction",
        link.talent,
        title=f"{link.talent.name} 提交了信息更正，待您审核",
        url=reverse("talents:detail", args=[link.talent.pk]) + "#corrections",
    )
    return correction


def correction_decide(*, correction: TalentCorrection, user, approve: bool, comment: str = "") -> TalentCorrection:
    """Liaison (or bureau) approves a talent's own correction (applied, clock reset) or rejects
    it, through the correction workflow (talents.workflow). Raises TransitionError."""
    target = TalentCorrection.State.APPROVED if approve else TalentCorrection.State.REJECTED
    transition(correction, target, user, comment)
    if not correction.talent.corrections.filter(state=TalentCorrection.State.PENDING).exists():
        close_tasks(correction.talent, ["talent_correction"])  # the liaisons' "待您审核" is done
    return correction
