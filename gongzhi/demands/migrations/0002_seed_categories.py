"""Seed Bengbu's five classes of demands plus property (物业), and one default rule for each.

The taxonomy is data: an administrator renames, adds or retires categories and rules in the
back office. Deadlines are in working hours (one working day = 7 hours, see demands/sla.py).
"""

from django.db import migrations

CATEGORIES = [
    # code, name, deadline hours, default handler kind, keywords
    (
        "volunteer_service",
        "志愿服务",
        35,
        "social_org",
        ["志愿", "帮忙", "陪护", "义诊", "理发", "代购", "结对帮扶"],
    ),
    (
        "petition_stability",
        "信访维稳",
        21,
        "community",
        ["信访", "上访", "维权", "讨薪", "拖欠工资", "征地", "拆迁", "补偿"],
    ),
    (
        "elder_child_care",
        "养老护幼",
        14,
        "community",
        ["老人", "独居", "养老", "助餐", "留守儿童", "托育", "幼儿", "高龄", "失能"],
    ),
    (
        "dispute_mediation",
        "矛盾调解",
        35,
        "council",
        ["纠纷", "矛盾", "吵架", "邻里", "调解", "争执", "噪音", "占道", "宅基地"],
    ),
    (
        "safety",
        "安全防护",
        7,
        "department",
        ["安全", "隐患", "消防", "电动车", "飞线", "燃气", "漏电", "井盖", "坍塌", "火灾"],
    ),
    (
        "property",
        "物业",
        35,
        "partner_unit",
        ["物业", "漏水", "电梯", "停车", "垃圾", "绿化", "门禁", "路灯", "化粪池", "物业费"],
    ),
]


def seed(apps, schema_editor):
    Category = apps.get_model("demands", "Category")
    DispatchRule = apps.get_model("demands", "DispatchRule")
    for order, (code, name, hours, kind, keywords) in enumerate(CATEGORIES, start=1):
        category, created = Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "deadline_hours": hours, "keywords": keywords, "sort_order": order},
        )
        if created:
            DispatchRule.objects.create(category=category, territory=None, handler_kind=kind)


def unseed(apps, schema_editor):
    Category = apps.get_model("demands", "Category")
    Category.objects.filter(code__in=[c[0] for c in CATEGORIES], demands__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("demands", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
