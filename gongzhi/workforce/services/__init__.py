"""Writes to the workforce registers, one module per register; registry rows go through people's services."""

from gongzhi.workforce.services.cards import card_update
from gongzhi.workforce.services.pay import PayRun, pay_compute
from gongzhi.workforce.services.postings import onsite_day_log
from gongzhi.workforce.services.reserve import reserve_promote, reserve_withdraw
from gongzhi.workforce.services.training import attendance_record, red_card_class_enrol

__all__ = [
    "PayRun",
    "attendance_record",
    "card_update",
    "onsite_day_log",
    "pay_compute",
    "red_card_class_enrol",
    "reserve_promote",
    "reserve_withdraw",
]
