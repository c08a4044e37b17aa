from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.territory.models import subtree_q


class ScopedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to the subtrees a user may see."""

    def within(self, paths) -> ScopedQuerySet:
        if paths is None:  # unrestricted (superuser)
            return self
        return self.filter(subtree_q(paths, field=f"{self.model.scope_field}__path"))


class ScopedModel(models.Model):
    """A registry record that belongs to one territory node; scope follows `scope_field`."""

    scope_field = "territory"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class ProvenanceModel(models.Model):
    """A registry row that names the department or unit that supplied it, and when (一部门采集、多部门共享).

    `people.provenance.stamp` sets both on every write; inputs, forms and imports leave
    them out. (Not `editable=False`: simple-history's diffs skip such fields and fail.)
    """

    source_unit = models.CharField(_("来源单位"), max_length=100, blank=True)
    supplied_at = models.DateTimeField(_("采集时间"), null=True, blank=True)

    class Meta:
        abstract = True
