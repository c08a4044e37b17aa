"""The `gongzhi` command: a front for the management commands a user needs."""

from __future__ import annotations

import os
import sys

COMMANDS = [
    ("demo", "构建真实城市的演示数据并启动网站", "build a demo of a real city and serve it"),
    ("serve", "以生产方式启动网站（多进程）", "run the web server with several worker processes"),
    (
        "territory",
        "区划树：导入区划表、导入边界、导出、移动",
        "territory tree: import divisions and boundaries, export, move",
    ),
    (
        "registry",
        "台账：Excel 导入导出与模板（党员、居民、网格员……）",
        "registries: Excel import/export and templates",
    ),
    ("user", "账号与角色：创建账号、授予角色", "users and roles: create a login, grant a role"),
    (
        "classifier",
        "诉求分类模型：训练、评估、版本、启用",
        "demand classifier: train, eval, list, activate",
    ),
    (
        "demands",
        "诉求：导入热线工单（12345/12348/110）、下载模板",
        "demands: import hotline work orders, write the template",
    ),
    (
        "report",
        "周报、月报：写出辖区的一周一碰头、一月一盘点报告（Excel 或 PDF）",
        "weekly or monthly review of a node, as Excel or PDF",
    ),
    (
        "assessment",
        "考评：列出考核方案、运行一期考评（assessment list / run --scheme --period）",
        "assessment: list schemes, run one period",
    ),
    (
        "workforce",
        "队伍：社区工作者薪酬、配备、后备人才、驻村干部、培训",
        "workforce: community workers' pay, staffing, reserve pool, resident cadres, training",
    ),
    ("open311", "Open311 接口：发放、列出、吊销 API 密钥", "Open311 API keys: create, list, revoke"),
    (
        "exchange",
        "数据共享交换：发放、列出、吊销部门密钥（exchange key create/list/revoke）",
        "data exchange: department keys (exchange key create/list/revoke)",
    ),
    (
        "sweep",
        "运行一次诉求时限检查：到期提醒、超期、督办",
        "run the deadline sweep once: reminders, overdue, escalation",
    ),
    ("worker", "启动 Celery 工作进程（需要 REDIS_URL）", "run Celery workers (needs REDIS_URL)"),
    ("beat", "启动 Celery 定时器，每分钟检查时限", "run Celery beat: the sweep every minute"),
    ("migrate", "创建或升级数据库", "create or upgrade the database"),
    ("check", "检查配置（加 --deploy 检查生产配置）", "check the configuration (--deploy for production)"),
    ("manage", "其他 Django 管理命令", "any other Django management command"),
]

NO_DB_COMMANDS = {"migrate", "check", "makemigrations", "collectstatic", "help", "version", "--version"}


def usage() -> str:
    lines = ["用法 / usage: gongzhi <命令> [参数]", "", "命令 / commands:"]
    for name, zh, en in COMMANDS:
        lines.append(f"  {name:<10} {zh}")
        lines.append(f"  {'':<10} {en}")
    lines += [
        "",
        "每个命令的参数 / options of a command: gongzhi <命令> --help",
        f"数据目录 / data folder: $GONGZHI_HOME（当前 / now: {os.environ.get('GONGZHI_HOME') or '~/.local/share/gongzhi'}）",
        "数据库 / database: $DATABASE_URL（默认数据目录中的 SQLite / default: SQLite in the data folder）",
    ]
    return "\n".join(lines)


def ensure_database(stream=sys.stderr) -> None:
    """Create and migrate the database when it is new or behind, and say so."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        fresh = not connection.introspection.table_names()
        what = "创建数据库 / creating the database" if fresh else "升级数据库 / migrating the database"
        print(f"{what}（{len(plan)} 个迁移 / migrations）…", file=stream)
        call_command("migrate", interactive=False, verbosity=0)
        print("数据库已就绪 / database ready.", file=stream)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.config.settings")
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    import django

    django.setup()
    if argv[0] == "manage":
        argv = argv[1:] or ["help"]
    if argv[0] not in NO_DB_COMMANDS and "--help" not in argv and "-h" not in argv:
        ensure_database()
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["gongzhi", *argv])
    try:
        utility.execute()
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
