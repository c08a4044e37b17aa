"""Serializers of the mediation endpoints; parties are masked per case (see selectors.sees_parties)."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.api.serializers import InputSerializer, MaskedOutputSerializer
from gongzhi.mediation.models import Dispute, DisputeEvent, MediationSession, Mediator
from gongzhi.mediation.selectors import party_view, sees_parties
from gongzhi.mediation.workflow import Kind, Source


class MediatorIn(InputSerializer):
    class Meta:
        model = Mediator
        fields = [
            "name",
            "kind",
            "phone",
            "organisation",
            "territory",
            "council_member",
            "party_member",
            "active",
        ]


class MediatorOut(MaskedOutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    territory_name = serializers.CharField(source="territory.name", read_only=True)

    class Meta:
        model = Mediator
        fields = [
            "id",
            *MediatorIn.Meta.fields,
            "user",
            "kind_label",
            "territory_name",
            "created_at",
            "updated_at",
        ]


class DisputeEventOut(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, default="")

    class Meta:
        model = DisputeEvent
        fields = ["at", "action", "from_state", "to_state", "note", "extra", "actor_name"]


class SessionOut(serializers.ModelSerializer):
    mediator_name = serializers.CharField(source="mediator.name", read_only=True)

    class Meta:
        model = MediationSession
        fields = ["id", "held_at", "place", "mediator", "mediator_name", "note"]


class DisputeOut(serializers.ModelSerializer):
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    mediator_name = serializers.CharField(source="mediator.name", read_only=True, default=None)
    parties = serializers.SerializerMethodField()
    parties_masked = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = [
            "id",
            "territory",
            "territory_name",
            "source",
            "source_label",
            "demand",
            "police_ref",
            "kind",
            "kind_label",
            "summary",
            "received_at",
            "state",
            "state_label",
            "mediator",
            "mediator_name",
            "supervisor",
            "first_contact_at",
            "agreement",
            "referral_target",
            "parties",
            "parties_masked",
        ]

    def _full(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request and sees_parties(actor=request.user, dispute=obj))

    def get_parties(self, obj) -> list[dict]:
        full = self._full(obj)
        return [party_view(p, full=full) for p in obj.parties.all()]

    def get_parties_masked(self, obj) -> bool:
        return not self._full(obj)


class DisputeDetailOut(DisputeOut):
    events = DisputeEventOut(many=True, read_only=True)
    sessions = SessionOut(many=True, read_only=True)

    class Meta(DisputeOut.Meta):
        fields = [*DisputeOut.Meta.fields, "events", "sessions"]


class PartyIn(serializers.Serializer):
    role = serializers.CharField(required=False)
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    household_id = serializers.IntegerField(required=False, allow_null=True)


class DisputeIn(serializers.Serializer):
    territory_id = serializers.IntegerField()
    source = serializers.ChoiceField(choices=Source.choices)
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.OTHER)
    summary = serializers.CharField()
    parties = PartyIn(many=True)
    demand_id = serializers.IntegerField(required=False, allow_null=True)
    police_ref = serializers.CharField(required=False, allow_blank=True)


class DisputeTransitionIn(serializers.Serializer):
    action = serializers.CharField(
        help_text="assign / reassign / contact / session / agree / fail / refer / refer_direct / follow_up / withdraw"
    )
    note = serializers.CharField(required=False, allow_blank=True)
    mediator_id = serializers.IntegerField(required=False)
    agreement = serializers.CharField(required=False, allow_blank=True)
    referral_target = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True)
    honoured = serializers.BooleanField(required=False, help_text="回访：协议是否履行")
