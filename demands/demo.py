"""Demo demands: realistic needs of Jiaozuo enterprises (idempotent: natural key = unit + title)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.models import County, Industry, Organisation
from accounts.validators import USCC_CHARSET, uscc_check_character
from core.workflow import transition

# name, county, industry, high-tech, contact, phone
ENTERPRISES = [
    ("焦作市示范机械制造有限公司", "wuzhi", "equipment", True, "张经理", "13903910101"),
    ("焦作市恒力液压支架有限公司", "zhongzhan", "equipment", True, "李总工", "13903910102"),
    ("沁阳市鑫达铸造有限公司", "qinyang", "equipment", False, "王主任", "13903910103"),
    ("孟州市绿源皮革有限公司", "mengzhou", "materials", False, "赵厂长", "13903910104"),
    ("温县铁棍山药食品有限公司", "wenxian", "food", False, "陈经理", "13903910105"),
    ("焦作市华康生物制药有限公司", "gaoxinqu", "biohealth", True, "刘博士", "13903910106"),
    ("武陟县新能汽车零部件有限公司", "wuzhi", "nev", True, "孙工", "13903910107"),
    ("修武县云台山文旅发展有限公司", "xiuwu", "culture_tourism", False, "周经理", "13903910108"),
    ("博爱县丰源农业科技有限公司", "boai", "agriculture", False, "吴场长", "13903910109"),
    ("焦作市智联数据科技有限公司", "jiefang", "it_bigdata", True, "郑经理", "13903910110"),
]

# owner index, title, kind, industry, field, description, problem, basis, keywords, modes, budget (min, max)
DEMANDS = [
    (
        0,
        "液压系统密封件泄漏治理",
        "technology",
        "equipment",
        "液压密封",
        "公司生产的液压支架在井下使用半年后密封件老化，频繁漏油，返修率高。",
        "液压设备老是漏油，密封件寿命短",
        "已有液压缸生产线和出厂检测台",
        ["液压", "漏油", "密封"],
        ["commissioned_rd", "transfer"],
        (20, 50),
    ),
    (
        0,
        "数控机床主轴精度保持技术",
        "technology",
        "equipment",
        "精密加工",
        "主轴运行一年后径向跳动超差，加工精度下降，需提升精度保持性。",
        "机床用久了精度下降",
        "年产数控车床 300 台",
        ["数控机床", "主轴", "精度"],
        ["joint_development"],
        (30, 80),
    ),
    (
        1,
        "液压支架立柱表面耐腐蚀处理",
        "technology",
        "equipment",
        "表面工程",
        "井下淋水含酸性物质，立柱镀层半年即出现锈蚀点。",
        "立柱生锈掉皮",
        "现有电镀硬铬工艺",
        ["耐腐蚀", "涂层", "液压支架"],
        ["commissioned_rd", "licensing"],
        (50, 120),
    ),
    (
        1,
        "综采工作面电液控制系统国产化",
        "technology",
        "equipment",
        "煤矿智能化",
        "电液控制系统依赖进口，成本高、维修周期长。",
        "进口控制器贵且坏了修不了",
        "有自动化研发团队 12 人",
        ["电液控制", "智能化开采", "控制器"],
        ["joint_development", "transfer"],
        (200, 500),
    ),
    (
        2,
        "铸造车间粉尘超标治理",
        "technology",
        "equipment",
        "环保除尘",
        "造型、落砂工序粉尘浓度超标，环保检查多次被约谈。",
        "车间粉尘超标",
        "已有简易布袋除尘",
        ["粉尘", "除尘", "环保"],
        ["transfer", "commissioned_rd"],
        (40, 100),
    ),
    (
        2,
        "铸件气孔缺陷控制",
        "technology",
        "equipment",
        "铸造工艺",
        "灰铁铸件气孔废品率约 8%，需要优化浇注系统和型砂工艺。",
        "铸件老有气孔",
        "年产铸件 3 万吨",
        ["铸件", "气孔", "浇注"],
        ["commissioned_rd"],
        (10, 30),
    ),
    (
        3,
        "制革废水铬污染治理",
        "technology",
        "materials",
        "废水处理",
        "鞣制工段含铬废水处理成本高，污泥处置难。",
        "废水里的铬去不干净",
        "日处理废水 2000 吨",
        ["含铬废水", "制革", "污泥"],
        ["transfer", "joint_research"],
        (80, 200),
    ),
    (
        3,
        "无铬鞣制新工艺",
        "technology",
        "materials",
        "清洁生产",
        "希望采用无铬或少铬鞣剂，从源头减少重金属排放。",
        "想不用铬鞣",
        "有中试鞣制转鼓",
        ["无铬鞣", "清洁生产"],
        ["joint_development", "licensing"],
        (50, 150),
    ),
    (
        4,
        "铁棍山药深加工保鲜技术",
        "technology",
        "food",
        "食品加工",
        "鲜山药褐变快、货架期短，希望开发冻干、粉剂等深加工产品。",
        "山药放几天就发黑",
        "有冷库和初加工车间",
        ["山药", "保鲜", "冻干"],
        ["commissioned_rd", "transfer"],
        (20, 60),
    ),
    (
        4,
        "山药多糖提取工艺",
        "technology",
        "food",
        "功能食品",
        "拟开发山药多糖功能性食品，需要提取纯化工艺。",
        "想从山药里提多糖",
        "",
        ["多糖", "提取", "功能食品"],
        ["joint_research"],
        None,
    ),
    (
        5,
        "原料药结晶工艺优化",
        "technology",
        "biohealth",
        "制药工程",
        "某原料药结晶粒度不均，过滤困难，收率偏低。",
        "结晶颗粒大小不一",
        "GMP 车间两条",
        ["结晶", "原料药", "收率"],
        ["commissioned_rd"],
        (30, 80),
    ),
    (
        5,
        "高层次药学人才引进",
        "talent",
        "biohealth",
        "药物研发",
        "引进药物制剂方向博士或高级职称人才 2 名，负责新品研发。",
        "缺研发带头人",
        "省级企业技术中心",
        ["制剂", "博士", "研发带头人"],
        ["talent_introduction", "flexible_talent"],
        None,
    ),
    (
        6,
        "电机控制器散热设计",
        "technology",
        "nev",
        "热管理",
        "电机控制器功率器件温升过高，需要新的散热结构和材料。",
        "控制器发热严重",
        "有台架试验条件",
        ["散热", "电机控制器", "热管理"],
        ["joint_development"],
        (20, 50),
    ),
    (
        6,
        "动力电池壳体轻量化",
        "technology",
        "nev",
        "轻量化",
        "铝合金电池壳体重量偏大，希望在保证强度前提下减重 15%。",
        "电池壳太重",
        "有压铸生产线",
        ["轻量化", "铝合金", "电池壳"],
        ["commissioned_rd", "joint_development"],
        (50, 150),
    ),
    (
        7,
        "景区客流智能调度系统",
        "technology",
        "culture_tourism",
        "智慧旅游",
        "节假日客流集中，排队时间长，需要客流预测和分流调度。",
        "节假日人太多排长队",
        "已有票务系统",
        ["客流", "预测", "智慧景区"],
        ["commissioned_rd"],
        (30, 60),
    ),
    (
        8,
        "设施蔬菜水肥一体化",
        "technology",
        "agriculture",
        "智慧农业",
        "大棚灌溉施肥靠人工经验，用水用肥多、产量不稳定。",
        "浇水施肥全凭经验",
        "温室大棚 300 亩",
        ["水肥一体化", "温室", "灌溉"],
        ["transfer", "commissioned_rd"],
        (10, 40),
    ),
    (
        8,
        "小麦赤霉病绿色防控",
        "technology",
        "agriculture",
        "植物保护",
        "连年发生赤霉病，希望减少化学农药用量。",
        "麦子得病减产",
        "流转土地 5000 亩",
        ["赤霉病", "生物防治", "小麦"],
        ["joint_research"],
        None,
    ),
    (
        9,
        "工业设备预测性维护平台",
        "technology",
        "it_bigdata",
        "工业互联网",
        "为本地装备企业提供设备状态监测和故障预警服务，需要算法合作。",
        "设备坏了才知道",
        "已接入 200 台设备数据",
        ["预测性维护", "故障诊断", "工业互联网"],
        ["joint_development", "equity"],
        (50, 200),
    ),
    (
        9,
        "数据中心节能改造融资",
        "funding",
        "it_bigdata",
        "绿色数据中心",
        "数据中心 PUE 偏高，计划节能改造，需要融资支持。",
        "电费太高",
        "机柜 500 个",
        ["节能", "数据中心", "融资"],
        ["financing"],
        (300, 800),
    ),
    (
        0,
        "焊接机器人离线编程",
        "technology",
        "equipment",
        "智能制造",
        "多品种小批量结构件焊接，示教编程耗时长。",
        "换产品就要重新示教",
        "焊接机器人 12 台",
        ["焊接机器人", "离线编程"],
        ["transfer", "joint_development"],
        (20, 60),
    ),
    (
        2,
        "铸造废砂再生利用",
        "technology",
        "materials",
        "固废利用",
        "每年产生废砂约 1 万吨，堆放占地，希望再生回用。",
        "废砂没地方放",
        "",
        ["废砂", "再生", "固废"],
        ["transfer"],
        (30, 90),
    ),
    (
        5,
        "中药配方颗粒质量标准研究",
        "technology",
        "biohealth",
        "中药",
        "四大怀药配方颗粒需要建立特征图谱和质量标准。",
        "怀药颗粒缺标准",
        "省级中药提取车间",
        ["怀药", "配方颗粒", "质量标准"],
        ["joint_research", "commissioned_rd"],
        (40, 100),
    ),
    (
        6,
        "电池包热失控预警",
        "technology",
        "nev",
        "电池安全",
        "需要在电池包内实现热失控早期预警。",
        "担心电池起火",
        "",
        ["热失控", "预警", "电池安全"],
        ["joint_development"],
        None,
    ),
    (
        3,
        "皮革边角料高值化利用",
        "other",
        "materials",
        "资源综合利用",
        "每年皮革边角料 800 吨，希望开发胶原蛋白等高值产品。",
        "边角料只能低价卖",
        "",
        ["胶原蛋白", "边角料"],
        ["joint_research", "equity"],
        None,
    ),
]

# How far each demo demand has come (index in DEMANDS → status); the rest are published.
STATUS_OF = {3: "pending_review", 7: "pending_review", 13: "draft", 16: "returned", 21: "in_progress", 23: "draft"}
EXPIRED = {18}


def _uscc(n: int) -> str:
    body = "91410800MA9" + "".join(USCC_CHARSET[(n * 7919 // 31**i) % 31] for i in range(6))
    return body + uscc_check_character(body)


def ensure_enterprises(organisations) -> list[Organisation]:
    result = []
    for n, (name, county, industry, high_tech, contact, phone) in enumerate(ENTERPRISES, start=1):
        org = organisations.get(name) or Organisation.objects.filter(name=name).first()
        if org is None:
            org = Organisation.objects.create(
                name=name,
                kind="enterprise",
                uscc=_uscc(n),
                county=County.objects.get(code=county),
                industry=Industry.objects.get(code=industry),
                is_high_tech=high_tech,
                is_verified=True,
                verified_at=timezone.now(),
                contact_name=contact,
                contact_phone=phone,
            )
        changed = False
        for attr, value in (("contact_name", contact), ("contact_phone", phone)):
            if not getattr(org, attr):
                setattr(org, attr, value)
                changed = True
        if org.industry_id is None:
            org.industry = Industry.objects.get(code=industry)
            changed = True
        if changed:
            org.save()
        result.append(org)
    return result


def seed(context):
    from .models import CooperationMode, Demand

    bureau = context["users"]["bureau"]
    enterprises = ensure_enterprises(context["organisations"])
    industries = {i.code: i for i in Industry.objects.all()}
    valid_modes = set(CooperationMode.values)
    created = 0
    for index, (
        owner_i,
        title,
        kind,
        industry,
        field,
        description,
        problem,
        basis,
        keywords,
        modes,
        budget,
    ) in enumerate(DEMANDS):
        owner = enterprises[owner_i]
        if Demand.objects.filter(owner=owner, title=title).exists():
            continue
        demand = Demand.objects.create(
            owner=owner,
            title=title,
            kind=kind,
            industry=industries[industry],
            technical_field=field,
            description=description,
            problem=problem,
            basis=basis,
            keywords=keywords,
            cooperation_modes=[m for m in modes if m in valid_modes],
            budget_min=Decimal(budget[0]) if budget else None,
            budget_max=Decimal(budget[1]) if budget else None,
            contact_name=owner.contact_name,
            contact_phone=owner.contact_phone,
            valid_until=timezone.localdate() + dt.timedelta(days=300 - index * 5),
            created_by=bureau,
        )
        created += 1
        target = STATUS_OF.get(index, "published")
        if target == "draft":
            continue
        owner_user = owner.users.filter(is_active=True).first() or bureau
        transition(demand, "pending_review", owner_user)
        if target == "pending_review":
            continue
        if target == "returned":
            transition(demand, "returned", bureau, "请补充现有基础和关键技术指标。")
            continue
        transition(demand, "published", bureau, "审核通过")
        if target == "in_progress":
            transition(demand, "in_progress", bureau, "已与高校院所建立对接")
        if index in EXPIRED:
            Demand.objects.filter(pk=demand.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=3))
    context["stdout"].write(f"  企业需求：新增 {created} 条（共 {Demand.objects.count()} 条）")
