"""REST endpoints of points: rules, goods, accounts with balances, the ledger, redemption, rolls, figures."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.api.viewsets import ScopedRegistryViewSet, ScopedViewSet
from gongzhi.core.errors import ValidationFailed
from gongzhi.core.periods import parse_period
from gongzhi.people.nodes import resident_communities
from gongzhi.people.scope import get_in_scope, needs_personal_data
from gongzhi.points import rolls, selectors, services
from gongzhi.points import serializers as s
from gongzhi.points.models import PointAccount, PointEntry, PointRule, Redemption, RollEntry, ShopItem
from gongzhi.territory.models import Territory
from gongzhi.volunteering.models import Volunteer


def _account_id(user, data: dict) -> int:
    """Find (or open) the account a request names by account, household or volunteer id."""
    if data.get("account"):
        return data["account"]
    if data.get("household"):
        household = get_in_scope(Territory.objects.all(), user, data["household"])
        return services.account_for(household=household).pk
    if data.get("volunteer"):
        volunteer = get_in_scope(Volunteer.objects.all(), user, data["volunteer"])
        return services.account_for(volunteer=volunteer).pk
    raise ValidationFailed("请指定积分账户、户或志愿者。")


class PointRuleViewSet(ScopedRegistryViewSet):
    """积分规则."""

    model = PointRule
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.PointRuleIn, s.PointRuleOut
    filterset_fields = ("holder", "active", "territory")
    search_fields = ("code", "name")


class ShopItemViewSet(ScopedRegistryViewSet):
    """积分超市商品."""

    model = ShopItem
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.ShopItemIn, s.ShopItemOut
    filterset_fields = ("territory", "active")


class PointAccountViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """积分账户 with balances (the sum of the ledger) and star levels."""

    model = PointAccount
    select_related = ("territory", "household", "volunteer")
    output_serializer_class = s.PointAccountOut
    filterset_fields = ("holder",)

    def base_queryset(self):
        return selectors.balances(super().base_queryset())

    def _dress(self, accounts):
        for a in accounts:
            a.stars = selectors.star_of(a.balance)
            a.label = selectors.account_label(
                a, full=needs_personal_data(self.request.user, a.territory.path)
            )
        return accounts

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(s.PointAccountOut(self._dress(page), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(s.PointAccountOut(self._dress([self.get_object()])[0]).data)


class PointEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """积分流水 (只增不改): 按规则加分扣分、冲正、按活动时长记分."""

    model = PointEntry
    select_related = ("account__territory", "rule")
    default_order = ("-occurred_on", "-id")
    output_serializer_class = s.PointEntryOut
    filterset_fields = ("account", "kind", "rule")

    @extend_schema(summary="按规则加分/扣分", request=s.ApplyRuleIn, responses={201: s.PointEntryOut})
    def create(self, request):
        data = s.ApplyRuleIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        entry = services.points_apply_rule(
            actor=request.user,
            account_id=_account_id(request.user, v),
            rule_code=v["rule"],
            quantity=v["quantity"],
            reason=v["reason"],
            occurred_on=v.get("occurred_on"),
        )
        return Response(s.PointEntryOut(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="冲正", request=s.ReverseIn, responses={201: s.PointEntryOut})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        data = s.ReverseIn(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.points_reverse(actor=request.user, entry_id=pk, reason=data.validated_data["reason"])
        return Response(s.PointEntryOut(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="按志愿活动服务时长记积分",
        request=s.AwardActivityIn,
        responses={201: s.PointEntryOut(many=True)},
    )
    @action(detail=False, methods=["post"], url_path="award-activity")
    def award_activity(self, request):
        data = s.AwardActivityIn(data=request.data)
        data.is_valid(raise_exception=True)
        entries = services.points_award_activity(
            actor=request.user, activity_id=data.validated_data["activity"]
        )
        return Response(s.PointEntryOut(entries, many=True).data, status=status.HTTP_201_CREATED)


class RedemptionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """积分兑换: 余额不足或库存不足时拒绝."""

    model = Redemption
    select_related = ("account__territory", "item")
    default_order = ("-created_at", "-id")
    output_serializer_class = s.RedemptionOut
    filterset_fields = ("account", "item")

    @extend_schema(summary="兑换", request=s.RedeemIn, responses={201: s.RedemptionOut})
    def create(self, request):
        data = s.RedeemIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        made = services.points_redeem(
            actor=request.user,
            account_id=_account_id(request.user, v),
            item_id=v["item"],
            quantity=v["quantity"],
        )
        return Response(s.RedemptionOut(made).data, status=status.HTTP_201_CREATED)


class RollEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """红黑榜."""

    model = RollEntry
    select_related = ("territory",)
    output_serializer_class = s.RollEntryOut
    filterset_fields = ("territory", "roll", "period_key")

    @extend_schema(
        summary="生成并公示红黑榜", request=s.RollPublishIn, responses={201: s.RollEntryOut(many=True)}
    )
    @action(detail=False, methods=["post"])
    def publish(self, request):
        data = s.RollPublishIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        lines = rolls.roll_publish(
            actor=request.user, community_id=v["community"], period=parse_period(v["period"]), size=v["size"]
        )
        return Response(s.RollEntryOut(lines, many=True).data, status=status.HTTP_201_CREATED)


class PublicRollsApi(APIView):
    """红黑榜公示 of the communities where the user lives or works."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="本社区红黑榜（居民可见）", responses=dict)
    def get(self, request):
        communities = resident_communities(request.user)
        return Response(
            {
                "communities": [
                    {"community": {"id": c.pk, "name": c.name}, **selectors.public_rolls(community=c)}
                    for c in communities
                ]
            }
        )


ROUTES = {
    "point-rules": PointRuleViewSet,
    "shop-items": ShopItemViewSet,
    "point-accounts": PointAccountViewSet,
    "point-entries": PointEntryViewSet,
    "redemptions": RedemptionViewSet,
    "roll-entries": RollEntryViewSet,
}
