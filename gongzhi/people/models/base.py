from __future__ import annotations

from django.db import models

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
