"""Limits on what a requirement may hold: one definition for the form, the API and the schema.

Free text and lists were bounded only by the 2 MB body limit (a 1.5 MB note, 20,000 equipment
lines were accepted). Each limit is stated in the OpenAPI document (maxLength, maxItems,
maximum) and named in the message of a refusal.
"""

NOTES_MAX_CHARS = 4000
EQUIPMENT_LINES_MAX = 50
EQUIPMENT_QUANTITY_MAX = 10_000
LANGUAGES_MAX = 10
