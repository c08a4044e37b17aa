"""API views that are not a registry: who am I."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.api.permissions import edits_somewhere
from gongzhi.people.scope import is_resident_only, needs_personal_data


class RoleOut(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField()
    territory_id = serializers.IntegerField()
    territory_name = serializers.CharField()
    territory_level = serializers.CharField()


class MeOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    is_superuser = serializers.BooleanField()
    roles = RoleOut(many=True)
    can_edit = serializers.BooleanField(help_text="是否可以修改（至少一处辖区的）台账")
    sees_personal_data = serializers.BooleanField(
        help_text="是否可以查看完整的身份证号、手机号和地址（至少一处）"
    )
    sees_registries = serializers.BooleanField(help_text="居民角色看不到台账")


class MeApi(APIView):
    """The signed-in user, their roles and the territory each role is bound to."""

    @extend_schema(summary="当前用户及其角色", tags=["当前用户"], responses=MeOut)
    def get(self, request):
        user = request.user
        assignments = user.roles.select_related("territory").order_by("territory__path", "role")
        data = {
            "id": user.pk,
            "username": user.username,
            "display_name": str(user),
            "is_superuser": user.is_superuser,
            "roles": [
                {
                    "role": a.role,
                    "role_label": a.get_role_display(),
                    "territory_id": a.territory_id,
                    "territory_name": a.territory.name,
                    "territory_level": a.territory.level,
                }
                for a in assignments
            ],
            "can_edit": edits_somewhere(user),
            "sees_personal_data": needs_personal_data(user),
            "sees_registries": not is_resident_only(user),
        }
        return Response(MeOut(data).data)
