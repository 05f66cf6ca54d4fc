"""Demo achievements from CAS institutes and universities (idempotent: natural key = unit + title)."""

from decimal import Decimal

from django.utils import timezone

from accounts.models import Industry, Organisation
from core.workflow import transition

# name, institute kind, location
INSTITUTES = [
    ("中国科学院示范技术研究所", "cas", "北京市"),
    ("中国科学院过程工程研究所", "cas", "北京市"),
    ("河南理工大学", "university", "河南省焦作市"),
    ("北京化工大学", "beijing_alliance", "北京市"),
    ("郑州大学", "university", "河南省郑州市"),
    ("河南省农业科学院", "provincial", "河南省郑州市"),
    ("焦作市工业技术研究院", "new_rd", "河南省焦作市"),
]

# owner index, title, industry, field, summary, keywords, maturity, level, ip kinds, transfer modes, price
ACHIEVEMENTS = [
    (
        0,
        "高性能氟橡胶密封材料",
        "materials",
        "高分子材料",
        "耐高温、耐油、耐高压的氟橡胶密封件配方与成型工艺，可在 250℃、40MPa 工况下长期使用，寿命提高 2 倍。",
        ["氟橡胶", "密封", "耐高压"],
        "pilot",
        "domestic_leading",
        ["invention_patent"],
        ["exclusive_license", "joint_development"],
        80,
    ),
    (
        0,
        "液压缸在线泄漏监测装置",
        "equipment",
        "状态监测",
        "基于压力衰减和声发射的液压缸内外泄漏在线监测，提前预警密封失效。",
        ["液压", "泄漏监测", "密封失效"],
        "sample",
        "domestic_advanced",
        ["utility_model", "software_copyright"],
        ["transfer"],
        30,
    ),
    (
        1,
        "脉冲袋式除尘技术",
        "equipment",
        "大气污染治理",
        "高效脉冲喷吹袋式除尘器，适用于铸造、建材行业，出口粉尘浓度低于 10mg/m³。",
        ["除尘", "粉尘", "袋式除尘"],
        "mass_production",
        "domestic_leading",
        ["invention_patent"],
        ["transfer", "technical_service"],
        60,
    ),
    (
        1,
        "含铬废水电化学处理与铬回收",
        "materials",
        "废水处理",
        "电化学还原—膜分离组合工艺处理含铬废水，六价铬去除率 99.9%，铬盐回收再用。",
        ["含铬废水", "铬回收", "电化学"],
        "pilot",
        "international_advanced",
        ["invention_patent"],
        ["ordinary_license", "joint_development"],
        150,
    ),
    (
        1,
        "原料药连续结晶技术",
        "biohealth",
        "制药工程",
        "连续结晶与粒度在线控制技术，产品粒度分布窄，过滤时间缩短 60%，收率提升 5%。",
        ["结晶", "粒度控制", "原料药"],
        "pilot",
        "domestic_leading",
        ["invention_patent"],
        ["technical_service", "transfer"],
        None,
    ),
    (
        2,
        "煤矿综采工作面智能电液控制系统",
        "equipment",
        "煤矿智能化",
        "自主研发的支架电液控制器及软件，已在多个矿井工业性试验，可替代进口。",
        ["电液控制", "智能化开采", "液压支架"],
        "pilot",
        "domestic_leading",
        ["invention_patent", "software_copyright"],
        ["joint_development", "equity"],
        300,
    ),
    (
        2,
        "金属表面激光熔覆耐蚀涂层",
        "materials",
        "表面工程",
        "激光熔覆镍基合金涂层替代电镀硬铬，耐盐雾 1000 小时以上，适用于液压立柱。",
        ["激光熔覆", "耐腐蚀", "涂层"],
        "mass_production",
        "domestic_advanced",
        ["invention_patent"],
        ["transfer", "ordinary_license"],
        120,
    ),
    (
        2,
        "铸造废砂热法再生技术",
        "materials",
        "固废资源化",
        "焙烧—机械擦洗组合再生工艺，再生砂性能接近新砂，回用率 90% 以上。",
        ["废砂", "再生", "铸造"],
        "mass_production",
        "domestic_advanced",
        ["utility_model"],
        ["transfer"],
        45,
    ),
    (
        2,
        "工业设备故障诊断与预测性维护算法",
        "it_bigdata",
        "工业互联网",
        "基于振动、温度多源数据的深度学习故障诊断模型，提前 7 天预警轴承、齿轮故障。",
        ["故障诊断", "预测性维护", "深度学习"],
        "sample",
        "domestic_leading",
        ["software_copyright"],
        ["joint_development", "technical_service"],
        50,
    ),
    (
        3,
        "无铬鞣剂及清洁鞣制工艺",
        "materials",
        "皮革化学",
        "有机鞣剂替代铬鞣剂，成革收缩温度大于 85℃，废水不含铬。",
        ["无铬鞣", "鞣剂", "清洁生产"],
        "pilot",
        "international_advanced",
        ["invention_patent"],
        ["exclusive_license", "equity"],
        200,
    ),
    (
        3,
        "电池包轻量化复合材料壳体",
        "nev",
        "轻量化材料",
        "碳纤维/玻纤混杂复合材料电池壳体，较铝合金减重 30%，满足挤压、针刺安全要求。",
        ["轻量化", "复合材料", "电池壳"],
        "sample",
        "domestic_leading",
        ["invention_patent"],
        ["joint_development"],
        None,
    ),
    (
        3,
        "皮革胶原蛋白提取与改性",
        "biohealth",
        "生物材料",
        "从皮革边角料中提取胶原蛋白多肽，用于化妆品和保健食品原料。",
        ["胶原蛋白", "边角料", "提取"],
        "lab_test",
        "domestic_advanced",
        ["invention_patent"],
        ["transfer", "joint_development"],
        70,
    ),
    (
        4,
        "山药真空冷冻干燥与护色技术",
        "food",
        "食品加工",
        "护色预处理结合真空冷冻干燥，山药片不褐变，常温货架期 18 个月。",
        ["山药", "冻干", "护色"],
        "mass_production",
        "domestic_advanced",
        ["invention_patent"],
        ["transfer", "technical_service"],
        25,
    ),
    (
        4,
        "山药多糖高效提取纯化工艺",
        "food",
        "功能食品",
        "超声辅助酶解提取和膜纯化工艺，多糖得率提高 40%。",
        ["多糖", "山药", "提取"],
        "lab_test",
        "domestic_advanced",
        ["invention_patent"],
        ["ordinary_license"],
        20,
    ),
    (
        4,
        "中药配方颗粒特征图谱技术",
        "biohealth",
        "中药质量控制",
        "建立怀地黄、怀山药等配方颗粒的 HPLC 特征图谱和含量测定方法。",
        ["怀药", "配方颗粒", "特征图谱"],
        "pilot",
        "domestic_leading",
        [],
        ["technical_service"],
        40,
    ),
    (
        5,
        "设施蔬菜水肥一体化智能控制系统",
        "agriculture",
        "智慧农业",
        "根据土壤墒情和作物需求自动配比灌溉施肥，节水 40%、节肥 30%。",
        ["水肥一体化", "灌溉", "温室"],
        "mass_production",
        "domestic_advanced",
        ["utility_model", "software_copyright"],
        ["transfer", "technical_service"],
        15,
    ),
    (
        5,
        "小麦赤霉病生防菌剂",
        "agriculture",
        "植物保护",
        "枯草芽孢杆菌生防菌剂，田间防效 75% 以上，可减少化学农药用量一半。",
        ["赤霉病", "生防菌剂", "小麦"],
        "pilot",
        "domestic_leading",
        ["invention_patent"],
        ["exclusive_license"],
        60,
    ),
    (
        5,
        "盐碱地改良与高效种植技术",
        "agriculture",
        "土壤改良",
        "改良剂与耐盐品种配套技术，盐碱地小麦亩产提高 20%。",
        ["盐碱地", "土壤改良"],
        "mass_production",
        "domestic_advanced",
        ["plant_variety"],
        ["technical_service"],
        None,
    ),
    (
        6,
        "焊接机器人离线编程与视觉寻位",
        "equipment",
        "智能制造",
        "基于三维模型的焊接轨迹自动生成和激光视觉寻位，换型编程时间缩短 80%。",
        ["焊接机器人", "离线编程", "视觉"],
        "sample",
        "domestic_advanced",
        ["software_copyright"],
        ["joint_development", "transfer"],
        40,
    ),
    (
        6,
        "数控机床主轴热误差补偿技术",
        "equipment",
        "精密加工",
        "主轴温度场建模与热误差实时补偿，加工精度提高 50%，精度保持性显著改善。",
        ["数控机床", "主轴", "热误差"],
        "pilot",
        "domestic_leading",
        ["invention_patent"],
        ["ordinary_license", "technical_service"],
        35,
    ),
    (
        6,
        "景区客流预测与智能调度系统",
        "culture_tourism",
        "智慧旅游",
        "融合票务、视频与手机信令数据的客流预测模型，实现分时预约与动态分流。",
        ["客流", "预测", "智慧景区"],
        "mass_production",
        "domestic_advanced",
        ["software_copyright"],
        ["transfer", "technical_service"],
        30,
    ),
    (
        0,
        "锂电池热失控早期预警传感器",
        "nev",
        "电池安全",
        "基于特征气体与温度融合检测的热失控预警传感器，提前 5 分钟报警。",
        ["热失控", "预警", "传感器"],
        "sample",
        "international_advanced",
        ["invention_patent"],
        ["joint_development", "equity"],
        100,
    ),
    (
        0,
        "电机控制器相变散热技术",
        "nev",
        "热管理",
        "相变材料与微通道液冷组合散热，功率器件结温降低 15℃。",
        ["散热", "相变材料", "热管理"],
        "lab_test",
        "domestic_leading",
        ["invention_patent"],
        ["joint_development"],
        None,
    ),
    (
        1,
        "铸件气孔缺陷数值模拟与工艺优化",
        "equipment",
        "铸造工艺",
        "充型凝固数值模拟优化浇注系统，灰铁件气孔废品率降至 2% 以下。",
        ["铸件", "气孔", "数值模拟"],
        "mass_production",
        "domestic_advanced",
        [],
        ["technical_service"],
        10,
    ),
    (
        2,
        "矿用高分子注浆加固材料",
        "materials",
        "矿山安全",
        "低放热、高强度聚氨酯注浆材料，用于煤岩体加固和堵水。",
        ["注浆", "加固", "聚氨酯"],
        "mass_production",
        "domestic_leading",
        ["invention_patent"],
        ["transfer"],
        90,
    ),
]

# index → status; the rest are published
STATUS_OF = {4: "pending_review", 11: "draft", 14: "pending_review", 17: "transferred", 22: "draft"}


def ensure_institutes(organisations):
    result = []
    for name, kind, location in INSTITUTES:
        org = organisations.get(name) or Organisation.objects.filter(name=name).first()
        if org is None:
            org = Organisation.objects.create(
                name=name,
                kind="institute",
                institute_kind=kind,
                location=location,
                is_verified=True,
                verified_at=timezone.now(),
            )
        result.append(org)
    return result


def seed(context):
    from .models import Achievement, Source

    bureau = context["users"]["bureau"]
    institutes = ensure_institutes(context["organisations"])
    industries = {i.code: i for i in Industry.objects.all()}
    leads = ["刘研究员", "陈教授", "王研究员", "李教授", "张副教授", "赵研究员", "孙博士"]
    created = 0
    for index, (owner_i, title, industry, field, summary, keywords, maturity, level, ips, modes, price) in enumerate(
        ACHIEVEMENTS
    ):
        owner = institutes[owner_i]
        if Achievement.objects.filter(owner=owner, title=title).exists():
            continue
        own_account = owner.users.filter(is_active=True).first()
        achievement = Achievement.objects.create(
            owner=owner,
            title=title,
            industry=industries[industry],
            technical_field=field,
            summary=summary,
            keywords=keywords,
            maturity=maturity,
            technical_level=level,
            ip_kinds=ips,
            ip_numbers="\n".join(f"ZL2021{index:04d}{n}.X" for n in range(len(ips)) if ips[n].endswith("patent")),
            transfer_modes=modes,
            reference_price=Decimal(price) if price is not None else None,
            team_lead=leads[index % len(leads)],
            contact_name=leads[index % len(leads)],
            contact_phone=f"1380000{index:04d}",
            source=Source.INSTITUTE if own_account else Source.BUREAU,
            created_by=own_account or bureau,
        )
        created += 1
        target = STATUS_OF.get(index, "published")
        if target == "draft":
            continue
        if target == "pending_review" or own_account:
            transition(achievement, "pending_review", own_account or bureau)
            if target == "pending_review":
                continue
            transition(achievement, "published", bureau, "审核通过")
        else:
            transition(achievement, "published", bureau, "市科技局征集成果，直接发布")
        if target == "transferred":
            transition(achievement, "transferred", bureau, "已与焦作企业签订技术转让合同")
    context["stdout"].write(f"  科技成果：新增 {created} 项（共 {Achievement.objects.count()} 项）")
