from django.apps import AppConfig


class TalentsConfig(AppConfig):
    name = "talents"
    verbose_name = "焦作籍科技人才库"
