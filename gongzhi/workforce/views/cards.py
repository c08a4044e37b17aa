"""党员亮身份: the residents' page of their community's party members; staff see their area's; the photo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.models import PartyMember
from gongzhi.people.scope import can_edit, is_staff_viewer
from gongzhi.workforce.models import MemberCard
from gongzhi.workforce.selectors.cards import card_photo, cards_for, visible_communities
from gongzhi.workforce.services import card_update
from gongzhi.workforce.views.common import drill, page_context, staff_node


@login_required
def cards(request):
    """A resident sees the members of their community; staff those of the node they pick."""
    mine = MemberCard.objects.filter(user=request.user).select_related("party_member").first()
    if not is_staff_viewer(request.user):
        sections = [
            {"community": c, "cards": cards_for(node=c)} for c in visible_communities(actor=request.user)
        ]
        ctx = page_context(request, None, "cards")
        ctx.update(sections=sections, staff=False, mine=mine)
        return render(request, "workforce/cards.html", ctx)
    node = staff_node(request)
    rows = cards_for(node=node)
    if request.GET.get("format") == "xlsx":
        headers = ["姓名", "所在党组织", "公开岗位", "报到社区", "亮诺", "亮绩", "接单办结(件)"]
        out = (
            [
                c.name,
                c.branch,
                c.post,
                c.community,
                "；".join(f"{p.year}：{p.promise}" for p in c.pledges),
                "；".join(f"{p.year}：{p.result}" for p in c.pledges if p.result),
                c.orders_done,
            ]
            for c in rows
        )
        return xlsx_response(
            filename=f"党员亮身份-{node.name}.xlsx", title="党员亮身份", headers=headers, rows=out
        )
    ctx = page_context(request, node, "cards")
    ctx.update(
        sections=[{"community": node, "cards": rows}],
        staff=True,
        mine=mine,
        children=drill(node),
        may_edit=can_edit(request.user, node.path),
    )
    return render(request, "workforce/cards.html", ctx)


@login_required
def photo(request, member_id: int):
    try:
        card = card_photo(actor=request.user, member_id=member_id)
    except NotFound:
        raise Http404("未找到。")
    return FileResponse(card.photo.open("rb"))


@login_required
def card_edit(request, member_id: int):
    """The member themselves, or an editor over them, changes the public post, photo and opt-out."""
    member = PartyMember.objects.select_related("territory", "party_org").filter(pk=member_id).first()
    if member is None:
        raise Http404("未找到。")
    card = MemberCard.objects.filter(party_member=member).first()
    if request.method == "POST":
        p = request.POST
        try:
            card_update(
                actor=request.user,
                party_member_id=member_id,
                public_post=p.get("public_post", ""),
                hidden=p.get("hidden") == "1",
                photo=request.FILES.get("photo"),
                remove_photo=p.get("remove_photo") == "1",
            )
        except NotFound:
            raise Http404("未找到。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect("workforce:cards")
    own = card is not None and card.user_id == request.user.pk
    if not own and not can_edit(request.user, member.territory.path):
        raise Http404("未找到。")
    ctx = page_context(request, None, "cards")
    ctx.update(member=member, card=card)
    return render(request, "workforce/card_edit.html", ctx)
