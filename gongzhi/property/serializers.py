"""Input and output serializers of red property; inputs only validate, the registry services write."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.api.serializers import InputSerializer, MaskedOutputSerializer
from gongzhi.property.models import (
    CommitteeMember,
    Compound,
    CompoundRating,
    CrossAppointment,
    OwnersCommittee,
    PropertyCompany,
)

STAMPS = ["created_at", "updated_at"]


def _name(source: str, label: str) -> serializers.CharField:
    return serializers.CharField(source=f"{source}.name", read_only=True, label=label, default=None)


def pair(model, fields: list[str], **names):
    """Make the input and output serializer of a register (outputs add the names of related rows)."""
    inp = type(
        f"{model.__name__}In",
        (InputSerializer,),
        {"Meta": type("Meta", (), {"model": model, "fields": fields})},
    )
    attrs = {k: _name(src, label) for k, (src, label) in names.items()}
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": ["id", *fields, *names, *STAMPS]})
    return inp, type(f"{model.__name__}Out", (MaskedOutputSerializer,), attrs)


PropertyCompanyIn, PropertyCompanyOut = pair(
    PropertyCompany,
    ["name", "credit_code", "territory", "contact_name", "phone", "has_party_org"],
    territory_name=("territory", "登记辖区"),
)
CompoundIn, CompoundOut = pair(
    Compound,
    ["territory", "service_mode", "company", "branch", "service_since"],
    territory_name=("territory", "小区"),
    company_name=("company", "物业公司"),
    branch_name=("branch", "小区党支部"),
)
OwnersCommitteeIn, OwnersCommitteeOut = pair(
    OwnersCommittee, ["name", "territory", "elected_on", "term_ends_on"], territory_name=("territory", "小区")
)
CommitteeMemberIn, CommitteeMemberOut = pair(
    CommitteeMember,
    ["committee", "name", "phone", "role", "is_party_member", "party_member"],
    committee_name=("committee", "业主委员会"),
)
CrossAppointmentIn, CrossAppointmentOut = pair(
    CrossAppointment,
    ["territory", "name", "party_member", "direction", "home_post", "cross_post", "started_on", "ended_on"],
    territory_name=("territory", "小区"),
)
CompoundRatingIn, CompoundRatingOut = pair(
    CompoundRating,
    ["territory", "year", "score", "level", "rated_on", "rated_by"],
    territory_name=("territory", "小区"),
)
