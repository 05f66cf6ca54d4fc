CORRECTABLE_FIELDS = ["work_province", "work_city", "employer", "position", "title", "degree", "research_field", "honours", "phone", "email", "wechat"]
