"""Demo innovation platforms of several types and levels, with shared instruments and yearly
evaluations. Idempotent: a platform is keyed by (host, name); status only moves forward,
through the workflow."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.models import County, Industry, Organisation
from core.workflow import transition

from .models import Platform, PlatformEvaluation, PlatformType, SharedInstrument

ENTERPRISE = "焦作市示范机械制造有限公司"
INSTITUTE = "中国科学院示范技术研究所"
COLLEGE = "焦作示范理工学院"

# name, type, level, host, partners, county, industries, status, document, recognised (years ago)
PLATFORMS = [
    (
        "焦作市液压支架密封工程技术研究中心",
        "工程技术研究中心",
        "city",
        ENTERPRISE,
        [INSTITUTE],
        "wenxian",
        ["equipment", "materials"],
        "recognised",
        "焦科〔2024〕27号",
        2,
    ),
    (
        "河南省高端装备智能制造技术创新中心",
        "技术创新中心",
        "provincial",
        COLLEGE,
        [INSTITUTE],
        "gaoxinqu",
        ["equipment", "it_bigdata"],
        "recognised",
        "豫科〔2023〕112号",
        3,
    ),
    (
        "中科示范（焦作）新材料中试基地",
        "中试基地",
        "city",
        INSTITUTE,
        [],
        "gaoxinqu",
        ["materials"],
        "recognised",
        "焦科〔2025〕9号",
        1,
    ),
    (
        "精密传动国家重点实验室焦作分室",
        "重点实验室",
        "national",
        COLLEGE,
        [],
        "jiefang",
        ["equipment"],
        "recognised",
        "国科发基〔2022〕58号",
        4,
    ),
    (
        "焦作示范机械企业技术中心",
        "企业技术中心",
        "city",
        ENTERPRISE,
        [],
        "wenxian",
        ["equipment"],
        "planning",
        "",
        None,
    ),
    (
        "温县绿色食品众创空间",
        "众创空间",
        "city",
        ENTERPRISE,
        [],
        "wenxian",
        ["food"],
        "revoked",
        "焦科〔2021〕40号",
        5,
    ),
]

# platform name → (instrument, model, original value, services, contact, phone)
INSTRUMENTS = {
    "焦作市液压支架密封工程技术研究中心": [
        ("高压密封性能试验台", "MF-60", "1280000.00", "液压密封件耐压、泄漏与寿命试验", "王工", "0391-6123401"),
        ("橡胶材料万能试验机", "Instron 5967", "685000.00", "拉伸、压缩、撕裂等力学性能测试", "王工", "0391-6123401"),
    ],
    "河南省高端装备智能制造技术创新中心": [
        (
            "三坐标测量机",
            "Hexagon Global S 9.12.8",
            "1960000.00",
            "复杂零件形位公差检测、逆向测绘",
            "赵老师",
            "0391-3987201",
        ),
        (
            "工业 CT 检测系统",
            "YXLON FF35",
            "5200000.00",
            "铸件内部缺陷无损检测、装配体三维成像",
            "赵老师",
            "0391-3987201",
        ),
    ],
    "中科示范（焦作）新材料中试基地": [
        ("场发射扫描电子显微镜", "SU8020", "2350000.00", "材料微观形貌观察、能谱成分分析", "刘研究员", "0391-3300118"),
        ("X 射线衍射仪", "D8 Advance", "1480000.00", "物相鉴定、晶体结构与残余应力分析", "刘研究员", "0391-3300118"),
        ("同步热分析仪", "STA 449 F5", "620000.00", "热重—差热同步分析、材料热稳定性评价", "陈工", "13803910088"),
    ],
}


def seed(context):
    bureau = context["users"]["bureau"]
    orgs = context["organisations"]
    college, _ = Organisation.objects.update_or_create(
        name=COLLEGE,
        defaults={
            "kind": Organisation.Kind.INSTITUTE,
            "institute_kind": Organisation.InstituteKind.UNIVERSITY,
            "county": County.objects.get(code="jiefang"),
            "location": "河南省焦作市",
            "is_verified": True,
            "verified_at": timezone.now(),
        },
    )
    hosts = {ENTERPRISE: orgs[ENTERPRISE], INSTITUTE: orgs[INSTITUTE], COLLEGE: college}
    today = timezone.localdate()
    for name, type_name, level, host, partners, county, industries, status, document, years in PLATFORMS:
        platform, _ = Platform.objects.get_or_create(
            host=hosts[host],
            name=name,
            defaults={
                "platform_type": PlatformType.objects.get(name=type_name),
                "level": level,
                "county": County.objects.get(code=county),
                "created_by": bureau,
                "description": f"{hosts[host]}依托建设的{type_name}，面向焦作市{Industry.objects.get(code=industries[0])}产业开展研发与服务。",
            },
        )
        platform.partners.set([hosts[p] for p in partners])
        platform.industries.set(Industry.objects.filter(code__in=industries))
        recognised_on = dt.date(today.year - years, 6, 30) if years else None
        if status in ("recognised", "revoked") and platform.status == "planning":
            transition(
                platform,
                "recognised",
                bureau,
                "经专家评审，符合认定条件。",
                {"document_number": document, "recognised_on": recognised_on},
            )
        if status == "revoked" and platform.status == "recognised":
            transition(platform, "revoked", bureau, "连续两年考核不合格，予以撤销。")
        if years:
            for year in range(today.year - years, today.year):
                PlatformEvaluation.objects.get_or_create(
                    platform=platform,
                    year=year,
                    defaults={
                        "result": "fail" if status == "revoked" and year >= today.year - 2 else "good",
                        "comment": "年度绩效评价" + ("未达标。" if status == "revoked" else "完成目标任务。"),
                    },
                )
        for inst_name, model, value, services, contact, phone in INSTRUMENTS.get(name, []):
            SharedInstrument.objects.update_or_create(
                platform=platform,
                name=inst_name,
                defaults={
                    "model": model,
                    "original_value": Decimal(value),
                    "services": services,
                    "booking_contact": contact,
                    "booking_phone": phone,
                },
            )
    context["stdout"].write(
        f"  创新平台：{Platform.objects.count()} 个（共享仪器 {SharedInstrument.objects.count()} 台/套）"
    )
