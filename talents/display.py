"""How a talent is shown to someone who may not see the person (matching suggestions, engagements)."""


def talent_display(talent) -> str:
    """A safe display string for a talent: no name, no employer, no contact."""
    employer = talent.employer or ""
    if any(w in employer for w in ("大学", "学院", "学校")):
        org, titles = "某高校", {"senior": "教授", "associate": "副教授"}
    elif any(w in employer for w in ("研究所", "研究院", "科学院", "实验室", "研究中心")):
        org, titles = "某科研院所", {"senior": "研究员", "associate": "副研究员"}
    elif any(w in employer for w in ("公司", "集团", "企业", "厂")):
        org, titles = "某企业", {"senior": "正高级工程师", "associate": "高级工程师"}
    else:
        org, titles = "某单位", {"senior": "正高级专家", "associate": "副高级专家"}
    role = titles.get(talent.title) or ("博士" if talent.degree == "doctor" else "专家")
    industries = [i.name for i in talent.industries.all()]
    field = industries[0] if industries else (talent.research_field[:20] or "未分类")
    return f"{org}{role}（{field}）"
