"""Yearly event targets (seed 001 四.(五)): the one place these figures live until the
dashboard's indicator-target model takes them over."""

YEARLY_TARGETS = {
    "agreements": ("签订产学研合作协议", 100, "项"),
    "projects_landed": ("合作项目落地", 20, "个"),
    "launch_events": ("举办成果发布会", 4, "场"),
    "enterprise_visits": ("企业走进院所", 100, "家次"),
}
