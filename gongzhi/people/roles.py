"""The roles a user may hold, each bound to a territory node."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("居民")
    GRID_WORKER = "grid_worker", _("网格员")
    COMMUNITY_WORKER = "community_worker", _("社区工作者")
    BRANCH_SECRETARY = "branch_secretary", _("支部书记")
    COUNCIL_MEMBER = "council_member", _("议事会成员")
    STREET_OFFICIAL = "street_official", _("街道干部")
    DISTRICT_OFFICIAL = "district_official", _("区县干部")
    CITY_ADMIN = "city_admin", _("市级管理员")
    DEPARTMENT_HANDLER = "department_handler", _("部门承办人")


# Roles whose daily work is with named households: they see ID numbers, phones and addresses in full.
PERSONAL_DATA_ROLES = {Role.GRID_WORKER, Role.COMMUNITY_WORKER, Role.CITY_ADMIN}
# Roles that may change registry records (the rest only read).
EDITOR_ROLES = {
    Role.GRID_WORKER,
    Role.COMMUNITY_WORKER,
    Role.BRANCH_SECRETARY,
    Role.STREET_OFFICIAL,
    Role.DISTRICT_OFFICIAL,
    Role.CITY_ADMIN,
}
# Roles that only see their own records, not the registries of their area.
SELF_SERVICE_ROLES = {Role.RESIDENT}
