"""Roles are Django groups; these are their names (values) and Chinese labels."""

from django.db import models


class Role(models.TextChoices):
    LIAISON = "liaison", "县区联络员"
    BUREAU = "bureau", "市科技局"
    ENTERPRISE = "enterprise", "企业用户"
    INSTITUTE = "institute", "高校院所"
    LEADER = "leader", "领导"
