"""Registry pages: who sees what, what each form says when input is wrong, and the history.

Confidentiality first: another State's pledge answers exactly like one that does not exist,
and no list, search, filter or export ever shows another State's rows.
"""

import csv
import datetime as dt
import io
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from pcrs.core.models import AuditEvent
from pcrs.registry.models import Pledge, PledgeAnnotation, PledgeStatus, RankBand

FUTURE = timezone.localdate() + dt.timedelta(days=120)


def pledge_post(capability, **overrides):
    """The POST body of the pledge form: main fields plus both formsets' management data."""
    data = {
        "capability_type": str(capability.pk),
        "title": "BANBAT-4",
        "personnel": "150",
        "women": "10",
        "ranks": "",
        "languages": "en, bn",
        "self_sustainment": ["catering", "medical"],
        "available_from": FUTURE.isoformat(),
        "notice_to_move_days": "60",
        "caveat_regions": ["Europe"],
        "restricted_tasks": ["night_flying"],
        "caveat_notes": "",
        "contact_name": "Col. Rahman",
        "contact_email": "rahman@example.org",
        "contact_phone": "",
        "version": "",
        "org-TOTAL_FORMS": "4",
        "org-INITIAL_FORMS": "4",
        "org-MIN_NUM_FORMS": "0",
        "org-MAX_NUM_FORMS": "4",
        "equipment-TOTAL_FORMS": "2",
        "equipment-INITIAL_FORMS": "0",
        "equipment-MIN_NUM_FORMS": "0",
        "equipment-MAX_NUM_FORMS": "200",
        "equipment-0-item": "Armoured personnel carrier (wheeled)",
        "equipment-0-quantity": "10",
        "equipment-0-lease": "wet",
        "equipment-1-item": "",
        "equipment-1-quantity": "",
        "equipment-1-lease": "wet",
    }
    for index, band in enumerate(RankBand.values):
        data[f"org-{index}-rank_band"] = band
        data[f"org-{index}-men"] = ""
        data[f"org-{index}-women"] = ""
    data["org-3-men"] = "140"  # other ranks
    data["org-3-women"] = "10"
    data.update(overrides)
    return data


def pledge_state(pledge):
    pledge.refresh_from_db()
    return (pledge.status, pledge.title, pledge.personnel, pledge.version)


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def two_states(make_pledge, fp_bgd, fp_kaz):
    """One pledge of Bangladesh, one of Kazakhstan."""
    return make_pledge("BGD", title="BANBAT-3"), make_pledge("KAZ", title="KAZCOY-1")


# ---------------------------------------------------------------- anonymous


@pytest.mark.parametrize(
    ("name", "needs_pledge"),
    [
        ("registry:pledge_list", False),
        ("registry:pledge_create", False),
        ("registry:pledge_export", False),
        ("statistics:aggregates", False),
        ("registry:catalogue", False),
        ("registry:pledge_detail", True),
        ("registry:pledge_edit", True),
    ],
)
def test_anonymous_visitor_is_sent_to_the_login_page(client, make_pledge, name, needs_pledge):
    args = [make_pledge().pk] if needs_pledge else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_anonymous_post_changes_nothing(client, make_pledge):
    pledge = make_pledge(status=PledgeStatus.DRAFT)
    before, events = pledge_state(pledge), AuditEvent.objects.count()
    response = client.post(reverse("readiness:pledge_submit", args=[pledge.pk]))
    assert response.status_code == 302
    assert pledge_state(pledge) == before
    assert AuditEvent.objects.count() == events


# ---------------------------------------------------------------- confidentiality


def test_focal_point_list_shows_only_its_own_states_pledges(client, two_states, fp_bgd):
    response = logged_in(client, fp_bgd).get(reverse("registry:pledge_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "BANBAT-3" in body
    assert "KAZCOY-1" not in body
    assert "Kazakhstan" not in body


@pytest.mark.parametrize(
    "query",
    ["?member_state=KAZ", "?q=Kazakhstan", "?q=KAZ", "?q=KAZCOY", "?region=Asia&q=", "?sort=state"],
)
def test_filters_and_search_never_reach_another_state(client, two_states, fp_bgd, query):
    client = logged_in(client, fp_bgd)
    listing = client.get(reverse("registry:pledge_list") + query).content.decode()
    export = b"".join(client.get(reverse("registry:pledge_export") + query).streaming_content)
    assert "KAZCOY-1" not in listing
    assert b"KAZ" not in export
    assert b"Kazakhstan" not in export


def test_csv_export_holds_the_users_visible_pledges_with_filters_applied(
    client, two_states, fp_bgd, make_pledge
):
    make_pledge("BGD", title="BANDRAFT", status=PledgeStatus.DRAFT)
    response = logged_in(client, fp_bgd).get(reverse("registry:pledge_export") + "?status=draft")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Type"] == "text/csv"
    assert [row["title"] for row in rows] == ["BANDRAFT"]
    assert rows[0]["member_state_iso3"] == "BGD"


def test_csv_export_neutralises_spreadsheet_formulas(client, make_pledge, fp_bgd):
    make_pledge("BGD", title="=HYPERLINK(1)")
    response = logged_in(client, fp_bgd).get(reverse("registry:pledge_export"))
    assert b"'=HYPERLINK(1)" in b"".join(response.streaming_content)


def test_secretariat_list_shows_every_state_with_a_state_column(client, two_states, secretariat):
    client = logged_in(client, secretariat)
    body = client.get(reverse("registry:pledge_list")).content.decode()
    assert "BANBAT-3" in body
    assert "KAZCOY-1" in body
    assert "Member State" in body
    only_kaz = client.get(reverse("registry:pledge_list") + "?member_state=kaz").content.decode()
    assert "KAZCOY-1" in only_kaz
    assert "BANBAT-3" not in only_kaz


def test_list_sorts_pages_and_survives_nonsense_parameters(client, make_pledge, secretariat):
    make_pledge("BGD", title="SMALL", personnel=100)
    make_pledge("KAZ", title="LARGE", personnel=900)
    make_pledge("RWA", title="MIDDLE", personnel=500)
    client = logged_in(client, secretariat)
    url = reverse("registry:pledge_list")
    ascending = client.get(url + "?sort=personnel").context["page"].object_list
    assert [p.title for p in ascending] == ["SMALL", "MIDDLE", "LARGE"]
    descending = client.get(url + "?sort=-personnel").context["page"].object_list
    assert [p.title for p in descending] == ["LARGE", "MIDDLE", "SMALL"]
    africa = client.get(url + "?region=Africa").context["page"].object_list
    assert [p.title for p in africa] == ["MIDDLE"]
    for nonsense in (
        "?page=abc",
        "?page=999",
        "?sort=password",
        "?status=bogus",
        "?q=" + "x" * 5000,
    ):
        assert client.get(url + nonsense).status_code == 200
    assert client.get(reverse("registry:pledge_export") + "?status=bogus").status_code == 200


def test_observer_has_no_pledge_list_and_is_sent_to_the_overview(client, two_states, observer):
    client = logged_in(client, observer)
    response = client.get(reverse("registry:pledge_list"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("statistics:aggregates")
    assert "aggregates only" in response.content.decode()
    export = client.get(reverse("registry:pledge_export"))
    assert export.status_code == 302


def _normalised_404(client, url, pledge_id):
    response = client.get(url)
    assert response.status_code == 404
    body = response.content.decode().replace(str(pledge_id), "ID")
    # CSRF tokens are masked afresh on every response (a defence, not information): blank them.
    body = re.sub(r'X-CSRFToken": "[^"]+"', 'X-CSRFToken": ""', body)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', body)


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_another_states_pledge_looks_exactly_like_a_missing_one(client, two_states, fp_kaz, suffix):
    bgd_pledge, _ = two_states
    missing = uuid.uuid4()
    client = logged_in(client, fp_kaz)
    base = reverse("registry:pledge_list")
    not_yours = _normalised_404(client, f"{base}{bgd_pledge.pk}/{suffix}", bgd_pledge.pk)
    not_there = _normalised_404(client, f"{base}{missing}/{suffix}", missing)
    assert not_yours == not_there
    assert "BANBAT" not in not_yours


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("readiness:pledge_submit", {}),
        ("readiness:pledge_withdraw", {"reason": "no longer available"}),
        ("registry:pledge_annotate", {"text": "looks fine"}),
    ],
)
def test_another_states_focal_point_cannot_act_and_nothing_changes(
    client, make_pledge, fp_kaz, action, data
):
    pledge = make_pledge("BGD", status=PledgeStatus.DRAFT)
    before, events = pledge_state(pledge), AuditEvent.objects.count()
    response = logged_in(client, fp_kaz).post(reverse(action, args=[pledge.pk]), data)
    assert response.status_code == 404
    assert pledge_state(pledge) == before
    assert AuditEvent.objects.count() == events
    assert not PledgeAnnotation.objects.exists()


def test_another_states_focal_point_cannot_edit_and_nothing_changes(
    client, make_pledge, fp_kaz, infantry
):
    pledge = make_pledge("BGD")
    before, events = pledge_state(pledge), AuditEvent.objects.count()
    response = logged_in(client, fp_kaz).post(
        reverse("registry:pledge_edit", args=[pledge.pk]), pledge_post(infantry, title="HACKED")
    )
    assert response.status_code == 404
    assert pledge_state(pledge) == before
    assert AuditEvent.objects.count() == events


def test_observer_gets_404_for_a_pledge_and_403_for_the_form(client, make_pledge, observer):
    pledge = make_pledge("BGD")
    client = logged_in(client, observer)
    assert client.get(reverse("registry:pledge_detail", args=[pledge.pk])).status_code == 404
    assert client.get(reverse("registry:pledge_create")).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/registry/pledges/not-a-uuid/",
        "/registry/pledges/12345/edit/",
        "/registry/pledges/%27%3B--/",
        "/registry/catalogue/no-such-type/edit/",
    ],
)
def test_malformed_addresses_answer_404_not_500(client, secretariat, path):
    assert logged_in(client, secretariat).get(path).status_code == 404


# ---------------------------------------------------------------- the owning State


def test_focal_point_creates_a_unit_pledge_for_its_own_state(client, fp_bgd, infantry):
    response = logged_in(client, fp_bgd).post(
        reverse("registry:pledge_create"), pledge_post(infantry), follow=True
    )
    pledge = Pledge.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registry:pledge_detail", args=[pledge.pk])
    assert pledge.member_state.iso3 == "BGD"
    assert pledge.status == PledgeStatus.DRAFT
    assert [(line.rank_band, line.men, line.women) for line in pledge.organization.all()] == [
        ("other_ranks", 140, 10)
    ]
    assert [(e.item, e.quantity, e.lease) for e in pledge.equipment.all()] == [
        ("Armoured personnel carrier (wheeled)", 10, "wet")
    ]
    assert pledge.languages == ["en", "bn"]
    assert pledge.restricted_tasks == ["night_flying"]
    body = response.content.decode()
    assert "Draft pledge saved" in body
    assert "Submit to the Secretariat" in body


def test_new_pledge_form_renders_the_catalogue_grouped_and_all_rank_bands(
    client, fp_bgd, infantry, staff_officer
):
    body = logged_in(client, fp_bgd).get(reverse("registry:pledge_create")).content.decode()
    assert '<optgroup label="Military unit">' in body
    assert '<optgroup label="Individual military">' in body
    for band in RankBand.labels:
        assert str(band) in body
    assert 'name="member_state"' not in body  # a focal point pledges for its own State only


def test_focal_point_pledges_individual_officers(client, fp_bgd, staff_officer):
    data = pledge_post(
        staff_officer,
        personnel="4",
        women="2",
        ranks="Major, Lieutenant Colonel",
        **{"org-3-men": "", "org-3-women": "", "equipment-0-item": "", "equipment-0-quantity": ""},
    )
    response = logged_in(client, fp_bgd).post(reverse("registry:pledge_create"), data)
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.kind == "individual"
    assert pledge.ranks == ["Major", "Lieutenant Colonel"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"women": "200"}, "women", "cannot exceed personnel"),
        ({"available_from": "2020-01-01"}, "available_from", "past"),
        ({"languages": "en, xx"}, "languages", "xx"),
        ({"title": "B" * 121}, "title", "at most 120"),
        ({"personnel": "-5"}, "personnel", "greater than or equal to 1"),
        ({"personnel": "99999"}, "personnel", "less than or equal to 5000"),
        ({"available_from": "31/02/2027"}, "available_from", "valid date"),
        ({"capability_type": "999999"}, "capability_type", "valid choice"),
        ({"contact_email": "not-an-email"}, "contact_email", "valid email"),
        ({"caveat_regions": ["Atlantis"]}, "caveat_regions", "valid choice"),
        # Robustness (issue 11): no 500 for an id beyond any integer column, or year 9999.
        ({"caveat_missions": ["99999999999999999999"]}, "caveat_missions", "not a mission"),
        ({"available_from": "9999-12-01"}, "available_from", "must lie between 1945-01-01"),
        ({"available_from": "1900-01-01"}, "available_from", "must lie between 1945-01-01"),
    ],
)
def test_form_errors_name_the_field_and_nothing_is_saved(
    client, fp_bgd, infantry, overrides, field, words
):
    events = AuditEvent.objects.count()
    response = logged_in(client, fp_bgd).post(
        reverse("registry:pledge_create"), pledge_post(infantry, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert "The pledge was not saved" in response.content.decode()
    assert not Pledge.objects.exists()
    assert AuditEvent.objects.count() == events


def test_every_field_error_shows_at_the_first_attempt(client, fp_bgd, infantry):
    response = logged_in(client, fp_bgd).post(
        reverse("registry:pledge_create"),
        pledge_post(infantry, capability_type="", women="500", languages="zz"),
    )
    assert set(response.context["form"].errors) == {"capability_type", "women", "languages"}
    body = response.content.decode()
    assert '<a href="#id_women">of whom women</a>' in body  # the summary links to the field


def test_table_of_organization_that_does_not_add_up_is_named(client, fp_bgd, infantry):
    response = logged_in(client, fp_bgd).post(
        reverse("registry:pledge_create"), pledge_post(infantry, **{"org-3-men": "100"})
    )
    body = response.content.decode()
    assert "Table of Organization" in body
    assert "adds up to 110, not the 150" in body
    assert not Pledge.objects.exists()


def test_equipment_line_errors_name_the_line(client, fp_bgd, infantry):
    response = logged_in(client, fp_bgd).post(
        reverse("registry:pledge_create"),
        pledge_post(infantry, **{"equipment-1-item": "Truck", "equipment-1-quantity": "0"}),
    )
    assert "Major equipment, line 2, quantity" in response.content.decode()
    assert not Pledge.objects.exists()


def test_edit_is_recorded_in_the_history_with_old_and_new_values(
    client, make_pledge, fp_bgd, infantry
):
    pledge = make_pledge("BGD", title="BANBAT-3", personnel=150, women=10)
    client = logged_in(client, fp_bgd)
    form = client.get(reverse("registry:pledge_edit", args=[pledge.pk]))
    assert form.context["form"].initial["version"] == pledge.version
    response = client.post(
        reverse("registry:pledge_edit", args=[pledge.pk]),
        pledge_post(infantry, title="BANBAT-4", version=str(pledge.version)),
        follow=True,
    )
    body = response.content.decode()
    assert "Changes saved" in body
    assert pledge_state(pledge)[1] == "BANBAT-4"
    history = response.context["history"]
    title_change = next(c for e in history for c in e["changes"] if c["field"] == "title")
    assert (title_change["old"], title_change["new"]) == ("BANBAT-3", "BANBAT-4")
    assert "fp-bgd" in body
    assert "<td>BANBAT-3</td>" in body


def test_stale_edit_is_refused_with_a_reload_message(client, make_pledge, fp_bgd, infantry):
    pledge = make_pledge("BGD", title="BANBAT-3", personnel=150, women=10, version=3)
    response = logged_in(client, fp_bgd).post(
        reverse("registry:pledge_edit", args=[pledge.pk]),
        pledge_post(infantry, title="BANBAT-9", version="2"),
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    assert "Reload the current version" in response.content.decode()
    assert pledge_state(pledge)[1] == "BANBAT-3"


def test_withdrawn_pledge_cannot_be_edited(client, make_pledge, fp_bgd):
    pledge = make_pledge("BGD", status=PledgeStatus.WITHDRAWN)
    response = logged_in(client, fp_bgd).get(
        reverse("registry:pledge_edit", args=[pledge.pk]), follow=True
    )
    assert "can no longer be edited" in response.content.decode()


def test_owner_submits_a_draft_and_then_withdraws_it_with_a_reason(client, make_pledge, fp_bgd):
    pledge = make_pledge("BGD", status=PledgeStatus.DRAFT)
    client = logged_in(client, fp_bgd)
    response = client.post(
        reverse("readiness:pledge_submit", args=[pledge.pk]),
        {"version": pledge.version},
        follow=True,
    )
    assert "Pledge submitted" in response.content.decode()
    assert pledge_state(pledge)[0] == PledgeStatus.SUBMITTED

    refused = client.post(reverse("readiness:pledge_withdraw", args=[pledge.pk]), {"reason": ""})
    assert refused.status_code == 302
    assert pledge_state(pledge)[0] == PledgeStatus.SUBMITTED

    response = client.post(
        reverse("readiness:pledge_withdraw", args=[pledge.pk]),
        {"reason": "Unit committed nationally"},
        follow=True,
    )
    body = response.content.decode()
    assert "Pledge withdrawn" in body
    assert "Unit committed nationally" in body  # the reason is in the history
    assert pledge_state(pledge)[0] == PledgeStatus.WITHDRAWN


def test_submitting_twice_says_why_and_changes_nothing(client, make_pledge, fp_bgd):
    pledge = make_pledge("BGD", status=PledgeStatus.SUBMITTED)
    before, events = pledge_state(pledge), AuditEvent.objects.count()
    response = logged_in(client, fp_bgd).post(
        reverse("readiness:pledge_submit", args=[pledge.pk]), follow=True
    )
    assert "cannot be submitted" in response.content.decode()
    assert pledge_state(pledge) == before
    assert AuditEvent.objects.count() == events


# ---------------------------------------------------------------- the Secretariat


def test_secretariat_creates_a_pledge_for_a_state_it_chooses(
    client, secretariat, infantry, make_state
):
    kaz = make_state("KAZ")
    client = logged_in(client, secretariat)
    missing = client.post(reverse("registry:pledge_create"), pledge_post(infantry))
    assert "member_state" in missing.context["form"].errors
    response = client.post(
        reverse("registry:pledge_create"), pledge_post(infantry, member_state=str(kaz.pk))
    )
    assert response.status_code == 302
    assert Pledge.objects.get().member_state == kaz


def test_secretariat_sees_any_pledge_with_its_state_and_history(client, make_pledge, secretariat):
    pledge = make_pledge("KAZ", title="KAZCOY-1")
    body = (
        logged_in(client, secretariat)
        .get(reverse("registry:pledge_detail", args=[pledge.pk]))
        .content.decode()
    )
    assert "Kazakhstan" in body
    assert "History" in body
    assert "Add a note" in body
    assert "Submit to the Secretariat" not in body


def test_secretariat_cannot_submit_on_behalf_of_a_state(client, make_pledge, secretariat):
    pledge = make_pledge("BGD", status=PledgeStatus.DRAFT)
    before, events = pledge_state(pledge), AuditEvent.objects.count()
    response = logged_in(client, secretariat).post(
        reverse("readiness:pledge_submit", args=[pledge.pk])
    )
    assert response.status_code == 403
    assert pledge_state(pledge) == before
    assert AuditEvent.objects.count() == events


def test_secretariat_notes_reach_the_state_only_when_shared(
    client, make_pledge, secretariat, fp_bgd
):
    pledge = make_pledge("BGD")
    sec = logged_in(client, secretariat)
    sec.post(reverse("registry:pledge_annotate", args=[pledge.pk]), {"text": "Private remark"})
    sec.post(
        reverse("registry:pledge_annotate", args=[pledge.pk]),
        {"text": "Please add the Annex C list", "shared_with_state": "on"},
    )
    assert PledgeAnnotation.objects.count() == 2
    client.logout()
    body = (
        logged_in(client, fp_bgd)
        .get(reverse("registry:pledge_detail", args=[pledge.pk]))
        .content.decode()
    )
    assert "Please add the Annex C list" in body
    assert "Private remark" not in body


def test_focal_point_cannot_annotate_its_own_pledge(client, make_pledge, fp_bgd):
    pledge = make_pledge("BGD")
    response = logged_in(client, fp_bgd).post(
        reverse("registry:pledge_annotate", args=[pledge.pk]), {"text": "self-praise"}
    )
    assert response.status_code == 403
    assert not PledgeAnnotation.objects.exists()


# ---------------------------------------------------------------- overview and catalogue


def test_catalogue_is_open_to_every_role_but_edited_by_the_secretariat_only(
    client, infantry, observer, fp_bgd
):
    client = logged_in(client, observer)
    assert "Infantry battalion" in client.get(reverse("registry:catalogue")).content.decode()
    assert client.get(reverse("registry:catalogue_edit", args=[infantry.code])).status_code == 403
    client.logout()
    response = logged_in(client, fp_bgd).post(
        reverse("registry:catalogue_edit", args=[infantry.code]),
        {
            "name": "Renamed",
            "typical_size": "1",
            "equipment-TOTAL_FORMS": "0",
            "equipment-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    infantry.refresh_from_db()
    assert infantry.name == "Infantry battalion"


def test_secretariat_edits_typical_equipment_as_lines(client, infantry, secretariat):
    response = logged_in(client, secretariat).post(
        reverse("registry:catalogue_edit", args=[infantry.code]),
        {
            "name": "Infantry battalion",
            "description": "Motorised",
            "typical_size": "800",
            "is_active": "on",
            "equipment-TOTAL_FORMS": "2",
            "equipment-INITIAL_FORMS": "0",
            "equipment-0-item": "Armoured personnel carrier (wheeled)",
            "equipment-0-quantity": "28",
            "equipment-1-item": "",
            "equipment-1-quantity": "",
        },
    )
    assert response.status_code == 302
    infantry.refresh_from_db()
    assert infantry.typical_size == 800
    assert infantry.typical_equipment == [
        {"item": "Armoured personnel carrier (wheeled)", "quantity": 28}
    ]
    assert AuditEvent.objects.filter(action="catalogue.update").count() == 1


def test_catalogue_edit_names_the_bad_field(client, infantry, secretariat):
    response = logged_in(client, secretariat).post(
        reverse("registry:catalogue_edit", args=[infantry.code]),
        {
            "name": "",
            "typical_size": "0",
            "equipment-TOTAL_FORMS": "0",
            "equipment-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "typical_size"}


# ---------------------------------------------------------------- home page


def test_home_panel_fits_each_role(client, make_pledge, fp_bgd, secretariat, observer):
    make_pledge("BGD", status=PledgeStatus.DRAFT)
    body = logged_in(client, fp_bgd).get(reverse("core:home")).content.decode()
    assert "New pledge" in body
    assert "Bangladesh has 1 pledge" in body
    client.logout()
    body = logged_in(client, secretariat).get(reverse("core:home")).content.decode()
    assert "submitted and waiting" in body
    client.logout()
    body = logged_in(client, observer).get(reverse("core:home")).content.decode()
    assert "Open the overview" in body
    assert "New pledge" not in body


# --- Pages a user can follow (issue 9, point 7) ------------------------------------------------


def test_saving_the_same_new_pledge_form_twice_updates_one_draft(client, fp_bgd, infantry):
    client = logged_in(client, fp_bgd)
    data = pledge_post(infantry, draft_key="a" * 32)
    assert client.post(reverse("registry:pledge_create"), data).status_code == 302
    data["title"] = "BANBAT-4 (corrected)"
    again = client.post(reverse("registry:pledge_create"), data, follow=True)
    assert "already been saved" in again.content.decode()
    assert list(Pledge.objects.values_list("title", flat=True)) == ["BANBAT-4 (corrected)"]
    # A fresh form (another key) is another pledge.
    client.post(reverse("registry:pledge_create"), pledge_post(infantry, draft_key="b" * 32))
    assert Pledge.objects.count() == 2


def test_switching_a_unit_draft_to_individual_officers_clears_the_unit_sections(
    client, fp_bgd, staff_officer
):
    # The hidden Table of Organization and equipment still hold the unit's figures.
    data = pledge_post(staff_officer, personnel="4", women="1", ranks="Major")
    response = logged_in(client, fp_bgd).post(reverse("registry:pledge_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    pledge = Pledge.objects.get()
    assert (pledge.kind, pledge.ranks) == ("individual", ["Major"])
    assert not pledge.organization.exists() and not pledge.equipment.exists()


def test_every_unknown_language_code_is_named_at_once(client, fp_bgd, infantry):
    response = logged_in(client, fp_bgd).post(
        reverse("registry:pledge_create"), pledge_post(infantry, languages="en, xx, qq")
    )
    message = " ".join(response.context["form"].errors["languages"])
    assert "'xx'" in message and "'qq'" in message


def test_the_will_not_deploy_list_offers_current_missions_only(client, fp_bgd):
    from pcrs.missions.models import Mission, MissionKind

    Mission.objects.create(
        acronym="NOWMIS", name="Current", kind=MissionKind.PEACEKEEPING, is_active=True
    )
    Mission.objects.create(
        acronym="OLDMIS", name="Ended in 1950", kind=MissionKind.PEACEKEEPING, is_active=False
    )
    body = logged_in(client, fp_bgd).get(reverse("registry:pledge_create")).content.decode()
    assert ">NOWMIS (" in body
    assert ">OLDMIS (" not in body


def test_a_focal_point_naming_another_state_gets_the_apis_answer_on_the_page(
    client, fp_bgd, infantry, make_state, api
):
    make_state("KAZ")
    events = AuditEvent.objects.count()
    page = logged_in(client, fp_bgd).post(
        reverse("registry:pledge_create"), pledge_post(infantry, member_state="KAZ")
    )
    assert "You can pledge only for your own State." in page.content.decode()
    response = api(fp_bgd).post(
        "/api/v1/pledges/",
        {
            "member_state": "KAZ",
            "capability_type": infantry.code,
            "personnel": 10,
            "available_from": FUTURE.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["member_state"] == ["You can pledge only for your own State."]
    assert (Pledge.objects.count(), AuditEvent.objects.count()) == (0, events)
