import pytest

from gongzhi.deliberation.models import Topic
from gongzhi.demands.services import demand_transition
from gongzhi.demands.tests.factories import submit


@pytest.mark.django_db
def test_a_demand_escalated_into_deliberation_becomes_a_topic_in_the_same_step(cast):
    demand = submit(
        cast["resident"], cast["tree"]["household_a"], text="几个小区共用的停车场收费不透明，要求公开商量"
    )
    demand_transition(actor=cast["desk"], demand_id=demand.pk, action="accept")
    demand_transition(
        actor=cast["desk"], demand_id=demand.pk, action="escalate", note="涉及多个小区", to="deliberation"
    )
    topic = Topic.objects.get(source_demand=demand)
    # The topic sits where the matter lies: the demand's own unit or one above it, inside its community.
    demand.refresh_from_db()
    assert demand.territory.path.startswith(topic.territory.path)
    assert topic.territory.path.startswith(cast["tree"]["community_a"].path)
    assert "停车场" in topic.text


@pytest.mark.django_db
def test_escalating_to_the_parent_level_raises_no_topic(cast):
    demand = submit(cast["resident"], cast["tree"]["household_a"])
    demand_transition(actor=cast["desk"], demand_id=demand.pk, action="accept")
    demand_transition(
        actor=cast["desk"], demand_id=demand.pk, action="escalate", note="需要上级协调", to="parent"
    )
    assert not Topic.objects.filter(source_demand=demand).exists()
