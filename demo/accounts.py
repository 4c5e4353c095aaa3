"""Demo accounts, roles and review workflows."""

import os
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.roles import unit_review_stage_ensure, unit_roles_ensure
from review.workflows import portal_review_workflow_ensure, unit_workflow_ensure
from units.selectors import unit_get_by_name, units_by_name

DATA = Path(__file__).resolve().parent / "data"
ADMIN_USERNAME = "admin"


def _password() -> str | None:
    """Demo accounts sign in with DEMO_ADMIN_PASSWORD, so no known password
    reaches a server where it was not set on purpose."""
    return os.environ.get("DEMO_ADMIN_PASSWORD") or None


@transaction.atomic
def load_roles_and_workflows(log=print) -> None:
    index = units_by_name()
    portal_review_workflow_ensure()
    for entry in yaml.safe_load((DATA / "workflows.yaml").read_text(encoding="utf-8")):
        unit = unit_get_by_name(entry["unit"], index=index)
        _editors, reviewers = unit_roles_ensure(unit)
        stages = []
        for stage in entry["stages"]:
            group = reviewers if stage == "审核" else unit_review_stage_ensure(unit, stage)
            stages.append((stage, group))
        unit_workflow_ensure(unit, stages)
    log("  审核流程:附件2审核(经办人 → 科室科长 → 分管领导)和各单位的审核流程")


@transaction.atomic
def load_accounts(log=print) -> None:
    User = get_user_model()
    password = _password()
    index = units_by_name()
    created = 0
    for entry in yaml.safe_load((DATA / "accounts.yaml").read_text(encoding="utf-8")):
        if User.objects.filter(username=entry["username"]).exists():
            continue
        unit = unit_get_by_name(entry["unit"], index=index)
        user = User(username=entry["username"], real_name=entry["real_name"], mobile=entry["mobile"], unit=unit)
        user.set_password(password) if password else user.set_unusable_password()
        user.save()
        editors, reviewers = unit_roles_ensure(unit)
        groups = [editors if role == "editor" else reviewers for role in entry.get("roles", [])]
        groups += [Group.objects.get_or_create(name=name)[0] for name in entry.get("groups", [])]
        user.groups.add(*groups)
        created += 1
    if created:
        log(f"  {created} 个演示账号" + ("" if password else "(未设置 DEMO_ADMIN_PASSWORD,不能登录)"))
    _ensure_admin(log, password, index)


def _ensure_admin(log, password, index) -> None:
    User = get_user_model()
    if User.objects.filter(username=ADMIN_USERNAME).exists():
        log(f"  管理员账号 {ADMIN_USERNAME} 已存在")
        return
    if not password:
        log("  未设置 DEMO_ADMIN_PASSWORD,不创建演示管理员账号")
        return
    User.objects.create_superuser(
        username=ADMIN_USERNAME,
        password=password,
        real_name="平台管理员",
        unit=unit_get_by_name("市政数局", index=index),
        mobile="13800000000",
    )
    log(f"  管理员账号 {ADMIN_USERNAME} / {password}")
