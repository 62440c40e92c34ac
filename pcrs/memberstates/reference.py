"""Fixed reference vocabularies the Member State data is checked against.

UN M49 (https://unstats.un.org/unsd/methodology/m49/): region -> sub-region -> intermediate
regions. Only the names UN Member States fall under are listed; the codes are M49's own.
"""

from __future__ import annotations

from typing import Final

import pycountry

# region name -> (M49 code, {sub-region name -> (M49 code, {intermediate name -> M49 code})})
M49: Final[dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]]] = {
    "Africa": (
        "002",
        {
            "Northern Africa": ("015", {}),
            "Sub-Saharan Africa": (
                "202",
                {
                    "Eastern Africa": "014",
                    "Middle Africa": "017",
                    "Southern Africa": "018",
                    "Western Africa": "011",
                },
            ),
        },
    ),
    "Americas": (
        "019",
        {
            "Latin America and the Caribbean": (
                "419",
                {"Caribbean": "029", "Central America": "013", "South America": "005"},
            ),
            "Northern America": ("021", {}),
        },
    ),
    "Asia": (
        "142",
        {
            "Central Asia": ("143", {}),
            "Eastern Asia": ("030", {}),
            "South-eastern Asia": ("035", {}),
            "Southern Asia": ("034", {}),
            "Western Asia": ("145", {}),
        },
    ),
    "Europe": (
        "150",
        {
            "Eastern Europe": ("151", {}),
            "Northern Europe": ("154", {}),
            "Southern Europe": ("039", {}),
            "Western Europe": ("155", {}),
        },
    ),
    "Oceania": (
        "009",
        {
            "Australia and New Zealand": ("053", {}),
            "Melanesia": ("054", {}),
            "Micronesia": ("057", {}),
            "Polynesia": ("061", {}),
        },
    ),
}

REGIONS: Final[tuple[str, ...]] = tuple(M49)
SUBREGIONS: Final[tuple[str, ...]] = tuple(sub for _, subs in M49.values() for sub in subs)
INTERMEDIATE_REGIONS: Final[tuple[str, ...]] = tuple(
    name for _, subs in M49.values() for _, names in subs.values() for name in names
)

# Every State in these sub-regions sits in one of their intermediate regions.
_INTERMEDIATE_REQUIRED: Final = frozenset({"Sub-Saharan Africa", "Latin America and the Caribbean"})

# The six official languages of the UN. Peacekeeping works in English and French; the others
# count where a State officially uses them (ISO 639-1).
UN_LANGUAGES: Final[tuple[str, ...]] = ("en", "fr", "es", "ar", "ru", "zh")
PEACEKEEPING_WORKING_LANGUAGES: Final[tuple[str, ...]] = ("en", "fr")


def m49_problem(region: str, subregion: str, intermediate: str) -> str | None:
    """Why (region, sub-region, intermediate region) is not a valid M49 path, or None."""
    if region not in M49:
        return f"region {region!r} is not an M49 region ({', '.join(REGIONS)})"
    subregions = M49[region][1]
    if subregion not in subregions:
        return f"sub-region {subregion!r} is not an M49 sub-region of {region}"
    intermediates = subregions[subregion][1]
    if intermediate and intermediate not in intermediates:
        return f"intermediate region {intermediate!r} is not under {subregion}"
    if not intermediate and subregion in _INTERMEDIATE_REQUIRED:
        return f"an intermediate region is required under {subregion}"
    return None


def language_name(code: str) -> str | None:
    """The English name of an ISO 639-1 (or, failing that, ISO 639-3) code, None if unknown."""
    if len(code) == 2:
        language = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        language = pycountry.languages.get(alpha_3=code)
    else:
        return None
    return language.name if language is not None else None
