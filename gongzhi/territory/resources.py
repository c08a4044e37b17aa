"""Excel columns for the territory tree, and the widgets every registry file shares.

How a file names a territory node (the 辖区 columns of every registry):

* a node with an official code is named by its ``division_code`` (``340302001001``);
* a node below the community, which has no official code, is named by a path-like
  full name: the code of its nearest ancestor that has one, then the names down to
  the node, separated by ``/`` (``340302001001/第一网格/1栋/101室``); a tree with no
  code at all starts from the root's name (``测试市/A区/…``);
* ``#`` followed by the node's id (``#1234``) names any node exactly — what the
  back office shows in its 编号 column.

Export writes the first form that applies (the full name when the node has no code),
so an exported file imports back unchanged.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from gongzhi.core.cells import ChoiceWidget, FloatWidget, TextWidget, text
from gongzhi.people.scope import can_edit, in_scope, scope_of
from gongzhi.territory.levels import Kind, Level, fits_under, label
from gongzhi.territory.models import Territory, subtree_bounds

SEP = "/"


class TerritoryKeys:
    """Name nodes the way files do, with one query per batch of ancestors."""

    def __init__(self):
        self.by_path: dict[str, tuple[int, str, str | None]] = {}

    def prime(self, paths) -> None:
        want = set()
        for p in paths:
            if p:
                want.update(p[:i] for i in range(Territory.steplen, len(p) + 1, Territory.steplen))
        want_list = sorted(want - self.by_path.keys())
        for i in range(0, len(want_list), 900):
            rows = Territory.objects.order_by().filter(path__in=want_list[i : i + 900])
            for pk, path, name, code in rows.values_list("pk", "path", "name", "division_code"):
                self.by_path[path] = (pk, name, code)

    def key(self, node: Territory) -> str:
        return node.division_code or self.key_of_path(node.path)

    def key_of_path(self, path: str) -> str:
        if path not in self.by_path:
            self.prime([path])
        names: list[str] = []
        p = path
        while p:
            _, name, code = self.by_path[p]
            if code:
                names.append(code)
                break
            names.append(name)
            p = p[: -Territory.steplen]
        if any(SEP in n for n in names):
            return f"#{self.by_path[path][0]}"
        return SEP.join(reversed(names))


def territory_key(node: Territory) -> str:
    return TerritoryKeys().key(node)


def find_territory(key: str) -> Territory | None:
    """Find the node a file names (see the module docstring); None when there is none."""
    key = text(key)
    if key.startswith("#"):
        return Territory.objects.filter(pk=int(key[1:])).first() if key[1:].isdigit() else None
    first, *rest = [p.strip() for p in key.split(SEP)]
    node = Territory.objects.filter(division_code=first).first()
    if node is None:
        roots = list(Territory.objects.filter(depth=1, name=first)[:2])
        node = roots[0] if len(roots) == 1 else None
    for name in rest:
        if node is None:
            return None
        low, high = subtree_bounds(node.path)
        found = list(Territory.objects.filter(path__range=(low, high), depth=node.depth + 1, name=name)[:2])
        if len(found) != 1:
            return None
        node = found[0]
    return node


class TerritoryWidget(widgets.Widget):
    """A territory column: a key (see the module docstring), checked for level and the user's scope."""

    def __init__(self, levels=None, what: str = "辖区", editable: bool = True, **kw):
        self.levels = set(levels) if levels else None
        self.what = what
        self.editable = editable
        self.keys = TerritoryKeys()
        self._cache: dict[str, Territory | None] = {}
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        key = text(value)
        if not key:
            return None
        if key not in self._cache:
            self._cache[key] = find_territory(key)
        node = self._cache[key]
        user = kwargs.get("user")
        if node is None or (user is not None and not in_scope(user, node.path)):
            # Out of scope reads exactly like missing.
            raise ValueError(f"找不到辖区「{key}」，或它不在您的管辖范围内；请填区划代码或「上级代码/名称」")
        if self.levels and node.level not in self.levels:
            allowed = "、".join(label(lv) for lv in Level.values if lv in self.levels)
            raise ValueError(f"「{node.name}」是{label(node.level)}，{self.what}应为{allowed}")
        if self.editable and user is not None and not can_edit(user, node.path):
            raise ValueError(f"您的角色不能修改「{node.name}」的台账")
        return node

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.keys.key(value)


class TerritoryResource(resources.ModelResource):
    """Grids, compounds, buildings and households in Excel; new rows are added under their 上级."""

    id = fields.Field(attribute="id", column_name="编号", widget=TextWidget(), readonly=True)
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    level = fields.Field(attribute="level", column_name="层级", widget=ChoiceWidget(Level.choices))
    kind = fields.Field(attribute="kind", column_name="类型", widget=ChoiceWidget(Kind.choices))
    division_code = fields.Field(attribute="division_code", column_name="区划代码", widget=TextWidget())
    parent = fields.Field(column_name="上级", widget=TerritoryWidget(what="上级"))
    address = fields.Field(attribute="address", column_name="详细地址", widget=TextWidget())
    lng = fields.Field(attribute="lng", column_name="经度(GCJ-02)", widget=FloatWidget())
    lat = fields.Field(attribute="lat", column_name="纬度(GCJ-02)", widget=FloatWidget())

    class Meta:
        model = Territory
        fields = ("id", "name", "level", "kind", "division_code", "parent", "address", "lng", "lat")
        import_id_fields = ["id"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False

    def __init__(self, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor

    def get_queryset(self):
        qs = self._meta.model.objects.all()
        scope = None if self.actor is None else scope_of(self.actor)
        return qs if scope is None else qs.within(scope)

    def dehydrate_parent(self, node):
        parent_path = node.path[: -Territory.steplen]
        return self.fields["parent"].widget.keys.key_of_path(parent_path) if parent_path else ""

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        parents = {
            p[: -Territory.steplen] for p in queryset.order_by().values_list("path", flat=True)[:50000]
        }
        self.fields["parent"].widget.keys.prime(parents)
        return super().export(queryset=queryset, **kwargs)

    def get_instance(self, instance_loader, row):
        raw = text(row.get("编号"))
        if not raw:
            return None
        node = self.get_queryset().filter(pk=int(raw)).first() if raw.isdigit() else None
        if node is None:
            raise ValidationError({"编号": f"编号 {raw} 不存在；新增的行请把编号留空"})
        return node

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = {self._column(k): v for k, v in exc.message_dict.items()}
        parent = None
        if "上级" not in errors:
            try:
                parent = self.fields["parent"].clean(row, **kwargs)
            except ValueError as exc:
                errors["上级"] = [str(exc)]
        if not instance.name:
            errors.setdefault("名称", ["名称不能为空"])
        if instance.pk is None:
            if parent is None and "上级" not in errors:
                errors["上级"] = ["请填写上级（区划代码或「上级代码/名称」）"]
            elif parent is not None and instance.level and not fits_under(instance.level, parent.level):
                errors["层级"] = [f"{label(instance.level)}不能放在{label(parent.level)}之下"]
        elif parent is not None and instance.path[: -Territory.steplen] != parent.path:
            errors["上级"] = ["不能通过导入调整上级，请用「移动」"]
        if not instance.level and "层级" not in errors:
            errors["层级"] = ["层级不能为空"]
        if errors:
            raise ValidationError(errors)
        instance._import_parent = parent

    def _column(self, attribute: str) -> str:
        for f in self.fields.values():
            if f.attribute == attribute:
                return f.column_name
        return attribute

    def do_instance_save(self, instance, is_create):
        instance._history_user = self.actor
        if not is_create:
            instance.save()
            return
        parent = Territory.objects.get(pk=instance._import_parent.pk)
        parent.add_child(instance=instance)

    def import_data(self, dataset, **kwargs):
        if self.actor is None:
            self.actor = kwargs.get("user")
        return super().import_data(dataset, **kwargs)


def division_rows(*, under: Territory | None = None):
    """Yield the coded nodes as (code, name, parent_code, level, kind): the division file format.

    Nodes without a division code (grids, buildings, households) have no place in
    that format and are left out, so the file imports back with zero changes.
    """
    qs = Territory.objects.filter(division_code__isnull=False)
    if under is not None:
        qs = qs.subtree(under)
    code_of: dict[str, str] = {}
    if under is not None and under.depth > 1:
        parent = (
            Territory.objects.filter(path=under.parent_path).values_list("division_code", flat=True).first()
        )
        code_of[under.parent_path] = parent or ""
    rows = qs.order_by("path").values_list("path", "division_code", "name", "level", "kind")
    for path, code, name, level, kind in rows.iterator(chunk_size=20000):
        code_of[path] = code
        parent = path[: -Territory.steplen]
        yield code, name, code_of.get(parent, ""), level, kind
