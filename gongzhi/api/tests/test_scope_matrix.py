"""Role × endpoint × inside/outside the user's subtree: who sees and changes what."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gongzhi.api.tests.world import ENDPOINTS, MISSING_ID, REGISTRIES, UPDATES, make, person, url
from gongzhi.people.roles import EDITOR_ROLES, SELF_SERVICE_ROLES, Role

ROLES = list(Role)


@pytest.fixture
def world(tree, request):
    """Given a user of `role` in district A, one record inside (district A) and one outside (B)."""
    role, endpoint = request.param
    client = APIClient()
    client.force_authenticate(person(role, tree))
    return {
        "role": role,
        "endpoint": endpoint,
        "client": client,
        "inside": make(endpoint, tree, "a"),
        "outside": make(endpoint, tree, "b"),
    }


def matrix(endpoints):
    return pytest.mark.parametrize(
        "world", [(r, e) for r in ROLES for e in endpoints], indirect=True, ids=lambda p: f"{p[0]}-{p[1]}"
    )


def missing_body(w, method: str, **kw):
    return getattr(w["client"], method)(url(w["endpoint"], MISSING_ID), **kw).json()


@matrix(ENDPOINTS)
def test_list_holds_the_inside_record_and_never_the_outside_one(world):
    response = world["client"].get(url(world["endpoint"]), {"page_size": 500})

    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert world["outside"].pk not in ids
    if world["role"] in SELF_SERVICE_ROLES:
        assert ids == set()
    else:
        assert world["inside"].pk in ids


@matrix(ENDPOINTS)
def test_retrieve_inside_answers_and_outside_looks_missing(world):
    client, endpoint = world["client"], world["endpoint"]

    inside = client.get(url(endpoint, world["inside"].pk))
    outside = client.get(url(endpoint, world["outside"].pk))
    outside_history = client.get(url(endpoint, world["outside"].pk, "history/"))

    assert inside.status_code == (404 if world["role"] in SELF_SERVICE_ROLES else 200)
    assert outside.status_code == 404
    assert outside.json() == missing_body(world, "get")
    assert outside_history.status_code == 404
    if inside.status_code == 200:
        assert inside.json()["id"] == world["inside"].pk
        assert client.get(url(endpoint, world["inside"].pk, "history/")).status_code == 200


@matrix(ENDPOINTS)
def test_writes_outside_look_missing_and_inside_need_an_editor_role(world):
    client, endpoint, role = world["client"], world["endpoint"], world["role"]
    change = UPDATES[endpoint]

    update_outside = client.patch(url(endpoint, world["outside"].pk), change, format="json")
    put_outside = client.put(url(endpoint, world["outside"].pk), change, format="json")
    delete_outside = client.delete(url(endpoint, world["outside"].pk))
    update_inside = client.patch(url(endpoint, world["inside"].pk), change, format="json")

    assert update_outside.status_code == 404
    assert update_outside.json() == missing_body(world, "patch", data=change, format="json")
    assert put_outside.status_code == 404
    # Territories cannot be deleted through the API at all; the registries answer 404 outside.
    assert delete_outside.status_code == (405 if endpoint == "territories" else 404)
    if role in SELF_SERVICE_ROLES:
        assert update_inside.status_code == 404
    elif role in EDITOR_ROLES:
        assert update_inside.status_code == 200, update_inside.json()
        key, value = next(iter(change.items()))
        assert update_inside.json()[key] == value
    else:
        assert update_inside.status_code == 403
    type(world["outside"]).objects.get(pk=world["outside"].pk)  # untouched


@matrix(REGISTRIES)
def test_delete_inside_needs_an_editor_role(world):
    model = type(world["inside"])

    response = world["client"].delete(url(world["endpoint"], world["inside"].pk))

    if world["role"] in SELF_SERVICE_ROLES:
        assert response.status_code == 404
    elif world["role"] in EDITOR_ROLES:
        assert response.status_code == 204
        assert not model.objects.filter(pk=world["inside"].pk).exists()
    else:
        assert response.status_code == 403
    assert model.objects.filter(pk=world["outside"].pk).exists()
