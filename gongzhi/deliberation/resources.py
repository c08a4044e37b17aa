"""The consultation catalogue (协商目录) in Excel, through `gongzhi registry` and the back office.

`consultation-catalogues` lists the catalogues (辖区 + 名称); `catalogue-entries` their
matters, each naming its catalogue by name (or #编号) near the catalogue's territory.
"""

from __future__ import annotations

from gongzhi.core.cells import ChoiceWidget, WordListWidget, YesNoWidget
from gongzhi.deliberation.models import CatalogueEntry, ConsultationCatalogue
from gongzhi.deliberation.workflow import Procedure
from gongzhi.people.resource_base import NamedRefWidget, RegistryResource, col, territory_col


class ConsultationCatalogueResource(RegistryResource):
    name = col("name", "目录名称")
    territory = territory_col("territory", "适用辖区")
    year = col("year", "年度")
    active = col("active", "启用", YesNoWidget())
    natural_key = ("territory", "name")
    example = {"name": "2026年东风社区协商目录", "territory": "340302001001", "year": "2026", "active": "是"}

    class Meta(RegistryResource.Meta):
        model = ConsultationCatalogue
        fields = ("id", "name", "territory", "year", "active")


class CatalogueEntryResource(RegistryResource):
    catalogue = col(
        "catalogue", "协商目录", NamedRefWidget(ConsultationCatalogue, "适用辖区", "协商目录", "territory")
    )
    title = col("title", "事项")
    categories = col("categories", "诉求分类代码", WordListWidget())
    keywords = col("keywords", "关键词", WordListWidget())
    procedure = col("procedure", "议事程序", ChoiceWidget(Procedure.choices))
    is_major = col("is_major", "三重一大", YesNoWidget())
    natural_key = ("catalogue", "title")
    example = {
        "catalogue": "2026年东风社区协商目录",
        "title": "小区公共收益使用",
        "categories": "property",
        "keywords": "公共收益、停车费",
        "procedure": "六事",
        "is_major": "否",
    }

    class Meta(RegistryResource.Meta):
        model = CatalogueEntry
        fields = ("id", "catalogue", "title", "categories", "keywords", "procedure", "is_major")


RESOURCES = {
    "consultation-catalogues": ConsultationCatalogueResource,
    "catalogue-entries": CatalogueEntryResource,
}


def register() -> None:
    """Add the catalogue to the registries `gongzhi registry` and the back office know (idempotent)."""
    from gongzhi.people.resources import REGISTRIES

    for name, resource in RESOURCES.items():
        REGISTRIES.setdefault(name, resource)
