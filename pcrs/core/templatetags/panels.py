"""`{% slot_panels "slot.name" obj %}`: render the panels other domains registered for a slot."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from pcrs.core import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def slot_panels(context: template.Context, slot: str, obj: Any) -> SafeString:
    request = context.get("request")
    if request is None:
        return mark_safe("")
    html = [
        render_to_string(panel["template"], {"panel": panel}, request=request)
        for panel in panels.slot_panels(slot, request, obj)
    ]
    return mark_safe("".join(html))  # noqa: S308 (each part is an auto-escaped template)
