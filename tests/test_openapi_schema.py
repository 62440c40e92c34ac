"""The OpenAPI 3 document is valid and generated without warnings (clients rely on it)."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_is_valid_and_warning_free(tmp_path):
    out = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(out), stdout=StringIO()
    )
    schema = out.read_text()
    for path in ("/api/v1/auth/token/", "/api/v1/pledges/", "/api/v1/member-states/"):
        assert f"{path}:" in schema, path
    assert "scheme: bearer" in schema  # the documented `Authorization: Bearer <token>`
