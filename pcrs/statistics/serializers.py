from __future__ import annotations

from typing import Any

from rest_framework import serializers


class AggregateCellSerializer(serializers.Serializer[Any]):
    group = serializers.CharField()
    capability_type = serializers.CharField()
    pledges = serializers.IntegerField(allow_null=True)
    personnel = serializers.IntegerField(allow_null=True)
    women = serializers.IntegerField(allow_null=True)
    states = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()
