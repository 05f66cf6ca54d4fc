"""Create the demo organisations, users and (through each app's demo.py) demo records.

Idempotent: running it again updates what is there and creates nothing twice.
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.demo_users import DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS
from accounts.models import County, Organisation, User


class Command(BaseCommand):
    help = "创建演示单位、演示账号和演示数据（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD, help="所有演示账号的密码")
        parser.add_argument("--users-only", action="store_true", help="只创建账号，不生成演示业务数据")

    @transaction.atomic
    def handle(self, *args, password, users_only, **options):
        organisations = {}
        for name, kind, county_code, extra in DEMO_ORGANISATIONS:
            verified = Organisation.Verification.VERIFIED
            defaults = {"kind": kind, "verification_status": verified, "verified_at": timezone.now(), **extra}
            if county_code:
                defaults["county"] = County.objects.get(code=county_code)
            organisations[name], _ = Organisation.objects.update_or_create(name=name, defaults=defaults)

        users = {}
        for username, display, roles, org_name, superuser in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.name = display
            user.email = f"{username}@demo.jiaozuo.local"
            user.organisation = organisations[org_name]
            user.is_active = True
            user.is_superuser = superuser
            user.is_staff = superuser
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=roles))
            users[username] = user

        if not users_only:
            context = {"users": users, "organisations": organisations, "stdout": self.stdout}
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(context)

        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {password}）："))
        for username, display, _roles, org_name, _ in DEMO_USERS:
            self.stdout.write(f"  {username:<18} {display}（{org_name}）")
