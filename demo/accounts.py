import os

from django.contrib.auth import get_user_model

from units.selectors import unit_get_by_name

ADMIN_USERNAME = "admin"


def ensure_demo_admin(log=print) -> None:
    """The operator's account for trying the admin. Created only when
    DEMO_ADMIN_PASSWORD is set, so no known password reaches a real server."""
    password = os.environ.get("DEMO_ADMIN_PASSWORD")
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
        unit=unit_get_by_name("市政数局"),
        mobile="13800000000",
    )
    log(f"  管理员账号 {ADMIN_USERNAME} / {password}")
