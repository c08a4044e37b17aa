"""What residents say, per category, for the demo: templates filled with places from the tree."""

from __future__ import annotations

import random

# {place}: the grid, compound or natural village; {community}: its community or village.
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "volunteer_service": [
        ("独居老人需要陪同就医", "{place}{n}号楼的独居老人腿脚不便，下周要去医院复查，想请志愿者帮忙陪护。"),
        ("希望组织义诊", "{community}老年人多，希望组织一次义诊，量量血压、测测血糖。"),
        ("请志愿者帮忙代购", "{place}有位高龄老人行动不便，子女在外地，想请志愿者每周帮忙代购一次生活用品。"),
        ("留守儿童课后辅导", "{community}几个留守儿童放学后没人辅导作业，希望有志愿者结对帮扶。"),
        ("想为老人上门理发", "{place}卧床老人理发难，能否安排志愿者上门理发？"),
    ],
    "petition_stability": [
        ("拖欠工资讨薪", "在{community}附近工地干活，老板拖欠工资{n}个月了，要求帮忙讨薪。"),
        ("征地补偿未到位", "{place}去年征地的补偿款至今没有全部发放，村民意见很大。"),
        ("拆迁安置问题", "{community}拆迁后安置房迟迟没有交付，想了解进度和补偿标准。"),
        ("反映低保评定不公", "{place}低保评定有人不符合条件也享受了，希望公开评定过程。"),
    ],
    "elder_child_care": [
        ("申请老年助餐", "家住{place}，老人{n}十多岁独居，想申请社区老年助餐服务。"),
        ("高龄老人补贴咨询", "{community}的高龄老人补贴怎么申请，需要带哪些材料？"),
        ("托育点名额不足", "{community}附近托育点名额不够，双职工家庭幼儿没人照看。"),
        ("失能老人照护", "{place}有失能老人家里照顾不过来，想了解居家养老上门服务。"),
        ("留守儿童安全", "{place}暑假留守儿童常去河边玩水，希望加强看护和宣传。"),
    ],
    "dispute_mediation": [
        ("楼上噪音扰民", "{place}{n}号楼楼上每天深夜有噪音，沟通多次无果，邻里矛盾越来越大，请求调解。"),
        ("邻里漏水纠纷", "{place}楼上卫生间漏水到我家，协商赔偿不成，发生争执，请社区调解。"),
        ("宅基地边界争执", "{place}两户因为宅基地边界问题吵架多次，请村里帮忙调解。"),
        ("占道堆放杂物", "{place}有住户长期在楼道占道堆放杂物，邻居之间起了纠纷。"),
        ("家庭赡养纠纷", "{community}一户兄弟几个因为老人赡养问题产生矛盾，老人希望调解。"),
    ],
    "safety": [
        ("电动车飞线充电", "{place}{n}号楼有人从楼上拉飞线给电动车充电，消防安全隐患很大。"),
        ("井盖缺失", "{community}路口一个井盖缺失，晚上看不清，存在安全隐患，请尽快处理。"),
        ("燃气管道异味", "{place}{n}号楼楼道里有燃气异味，担心燃气泄漏，请派人检查。"),
        ("消防通道堵塞", "{place}消防通道被车辆和杂物堵塞，发生火灾消防车进不来。"),
        ("老旧电线漏电", "{place}楼道老旧电线外皮破损，下雨天有漏电危险。"),
    ],
    "property": [
        ("电梯故障", "{place}{n}号楼电梯又坏了，老人上下楼很困难，物业一直没人来修。"),
        ("小区垃圾清运不及时", "{place}垃圾桶满了好几天没有清运，气味很大，物业不管。"),
        ("路灯不亮", "{place}小区路灯坏了一排，晚上出行不安全，请物业维修。"),
        ("停车位乱收费", "{place}物业擅自上调停车费，业主不同意，希望社区协调。"),
        ("楼顶漏水", "{place}{n}号楼顶楼下雨漏水，物业说维修资金申请不下来。"),
        ("绿化带被毁", "{place}有人把绿化带改成菜地，物业劝阻无效。"),
    ],
}
RESULTS: dict[str, list[str]] = {
    "volunteer_service": ["已安排志愿者结对服务，老人表示感谢。", "已联系志愿服务队，按约定时间上门服务。"],
    "petition_stability": [
        "已协调劳动监察部门介入，款项已落实发放。",
        "已向当事人解释政策并跟进办理，当事人认可。",
    ],
    "elder_child_care": ["已为老人办理助餐登记，每日送餐上门。", "已对接托育和养老服务机构，问题已解决。"],
    "dispute_mediation": ["经议事会调解，双方达成一致并签订调解协议。", "已组织双方见面协商，矛盾化解。"],
    "safety": ["已现场排查并整改隐患，拆除飞线。", "已通知相关单位抢修，隐患已消除。"],
    "property": ["物业已完成维修，居民确认恢复正常。", "已督促物业整改，垃圾已清运并建立清运台账。"],
}
CHANNEL_WEIGHTS = (
    ("self_report", 35),
    ("hotline", 25),
    ("patrol", 20),
    ("walk_in", 12),
    ("council", 8),
)


def demand_text(rng: random.Random, category: str, *, place: str, community: str) -> tuple[str, str]:
    title, body = rng.choice(TEMPLATES[category])
    return title, body.format(place=place, community=community, n=rng.randint(1, 9))


def result_text(rng: random.Random, category: str) -> str:
    return rng.choice(RESULTS[category])
