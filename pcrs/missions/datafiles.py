"""Where the real UN data files live: settings.PCRS_REAL_DATA_DIR, by default ../shared/data/real
beside the repository."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

MISSIONS_FILE = "DPPADPOSS-PKO.csv"
CONTRIBUTIONS_FILE = "full_gender_data.csv"
LOCATIONS_FILE = "FrontMap_v.2.3.csv"
FATALITIES_FILE = "dppadposs-fatalities.csv"


def real_data_dir() -> Path:
    default = Path(settings.BASE_DIR).parent / "shared" / "data" / "real"
    return Path(getattr(settings, "PCRS_REAL_DATA_DIR", default))


def real_data_file(name: str) -> Path:
    return real_data_dir() / name
