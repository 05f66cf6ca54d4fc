"""The demo organisations and users created by `manage.py seed_demo`."""

DEMO_PASSWORD = "Jiaozuo#2026"

# username, name, roles, organisation name, is_superuser
DEMO_USERS = [
    ("admin", "系统管理员", [], "焦作市科学技术局", True),
    ("bureau", "市科技局王科长", ["bureau"], "焦作市科学技术局", False),
    ("liaison_wenxian", "温县联络员李明", ["liaison"], "温县科学技术和工业信息化局", False),
    ("liaison_qinyang", "沁阳市联络员赵华", ["liaison"], "沁阳市科学技术局", False),
    ("enterprise_demo", "焦作示范机械张经理", ["enterprise"], "焦作市示范机械制造有限公司", False),
    ("institute_demo", "中科院示范所刘研究员", ["institute"], "中国科学院示范技术研究所", False),
    ("leader", "市领导小组办公室", ["leader"], "焦作市院地合作领导小组办公室", False),
]

# name, kind, county code, extra fields
DEMO_ORGANISATIONS = [
    ("焦作市科学技术局", "city_department", None, {}),
    ("焦作市院地合作领导小组办公室", "city_department", None, {}),
    ("温县科学技术和工业信息化局", "county_bureau", "wenxian", {}),
    ("沁阳市科学技术局", "county_bureau", "qinyang", {}),
    (
        "焦作市示范机械制造有限公司",
        "enterprise",
        "wenxian",
        {"uscc": "91410825MA40JX001Y", "is_high_tech": True, "contact_name": "张经理", "contact_phone": "13839100001"},
    ),
    (
        "中国科学院示范技术研究所",
        "institute",
        None,
        {"institute_kind": "cas", "location": "北京市", "contact_name": "刘研究员", "contact_phone": "010-62550001"},
    ),
]
