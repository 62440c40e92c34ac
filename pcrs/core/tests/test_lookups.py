"""visible_one: the same 404 for a malformed id, an id beyond the database, a missing object and
one the user may not see; never a database error."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import models
from django.http import Http404

from pcrs.core.lookups import _key, visible_one

pytestmark = pytest.mark.django_db


def test_an_integer_id_finds_the_object_in_the_queryset() -> None:
    group = Group.objects.create(name="planners")
    assert visible_one(Group.objects.all(), str(group.pk), "No group.") == group
    assert visible_one(Group.objects.all(), group.pk, "No group.") == group


@pytest.mark.parametrize(
    "raw", ["abc", "", "1.5", "-1", "0", str(2**63), "9" * 40, None, "1; DROP TABLE x"]
)
def test_an_id_that_cannot_be_a_key_is_the_same_404(raw: object) -> None:
    Group.objects.create(name="planners")
    with pytest.raises(Http404, match="No group"):
        visible_one(Group.objects.all(), raw, "No group.")


def test_an_object_outside_the_queryset_is_the_same_404() -> None:
    group = Group.objects.create(name="planners")
    with pytest.raises(Http404, match="No group"):
        visible_one(Group.objects.exclude(pk=group.pk), group.pk, "No group.")
    with pytest.raises(Http404, match="No group"):
        visible_one(Group.objects.all(), group.pk + 1, "No group.")


@pytest.mark.parametrize("raw", ["not-a-uuid", "12", "", None])
def test_a_uuid_key_that_is_not_a_uuid_matches_nothing(raw: object) -> None:
    assert _key(models.UUIDField(primary_key=True), raw) is None


def test_a_uuid_key_is_read_as_a_uuid() -> None:
    text = "5f0c8a1e-9b7d-4c3a-8e2f-1a2b3c4d5e6f"
    assert _key(models.UUIDField(primary_key=True), text) == uuid.UUID(text)
