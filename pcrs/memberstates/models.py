"""The 193 UN Member States, their regions, languages and regional organizations."""

from __future__ import annotations

from django.db import models


class RegionalOrganization(models.Model):
    """A regional or security organization (AU, EU, ASEAN, NATO...) and its members."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=200)
    # Members that are not UN Member States (SADR in the AU, Palestine in the Arab League...):
    # named for completeness, never linked, since only UN Member States pledge.
    non_un_members = models.CharField(max_length=200, blank=True)
    as_of = models.DateField("membership as of", null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class MemberStateQuerySet(models.QuerySet["MemberState"]):
    def by_code(self, code: str) -> MemberState:
        """Look a State up by ISO 3166 alpha-3 or alpha-2 code, case-insensitively."""
        code = code.strip().upper()
        field = "iso3" if len(code) == 3 else "iso2"
        return self.get(**{field: code})


class MemberState(models.Model):
    """A UN Member State, identified by its ISO 3166 codes and placed in UN M49 regions."""

    iso3 = models.CharField("ISO 3166 alpha-3", max_length=3, unique=True)
    iso2 = models.CharField("ISO 3166 alpha-2", max_length=2, unique=True)
    m49 = models.CharField("UN M49 code", max_length=3, unique=True)
    name = models.CharField(max_length=120, unique=True)
    official_name = models.CharField(max_length=200, blank=True)
    region = models.CharField("M49 region", max_length=40, db_index=True)
    subregion = models.CharField("M49 sub-region", max_length=60, db_index=True)
    intermediate_region = models.CharField(max_length=60, blank=True)
    # ISO 639-1 codes (ISO 639-3 where no two-letter code exists).
    official_languages = models.JSONField(default=list, blank=True)
    # The UN working languages (en, fr) the State's personnel typically operate in.
    working_languages = models.JSONField(default=list, blank=True)
    organizations = models.ManyToManyField(RegionalOrganization, related_name="members", blank=True)
    un_member_since = models.DateField(null=True, blank=True)

    objects = MemberStateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
