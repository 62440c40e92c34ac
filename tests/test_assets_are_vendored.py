"""Front-end assets come from our own static files: field offices have little bandwidth."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REMOTE = re.compile(r"""<(script|link|img)[^>]+(src|href)=["'](https?:)?//""", re.IGNORECASE)


def test_no_template_loads_a_script_style_or_image_from_another_host():
    templates = [path for path in ROOT.glob("**/templates/**/*.html") if ".venv" not in path.parts]
    assert templates, "no templates found"
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in templates
        for match in REMOTE.finditer(path.read_text())
    ]
    assert offenders == []
