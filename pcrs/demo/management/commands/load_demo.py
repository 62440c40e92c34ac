"""`python manage.py load_demo`: everything the demo shows, loaded idempotently.

Real data (Member States, UN missions, monthly contributions, deployment locations) comes in
through the product's own importers; pledges are synthetic and labelled as such.
"""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pcrs.accounts.models import Role, User
from pcrs.consultations.demo import consultations_load_demo
from pcrs.demo.pledges import contributor_profiles, synthetic_pledges_create
from pcrs.demo.users import DEMO_PASSWORD, STAFF, demo_users_ensure
from pcrs.generation.demo import generation_load_demo
from pcrs.memberstates.services import member_states_load
from pcrs.missions.demo import missions_load_demo
from pcrs.missions.models import Mission
from pcrs.partnerships.demo import partnerships_load_demo
from pcrs.performance.demo import performance_load_demo
from pcrs.readiness.demo import readiness_load_demo
from pcrs.registry.services import catalogue_load
from pcrs.statistics.models import Publication
from pcrs.statistics.services import publication_publish
from pcrs.training.demo import training_load_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent): States, catalogue, missions, users, pledges."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        say = self.stdout.write
        real = settings.PCRS_REAL_DATA_DIR
        if not real.is_dir():
            # Nothing is loaded: the demo's missions and pledges all follow the real UN data.
            raise CommandError(
                f"The real UN data was not found at {real}: the demo needs it (missions, "
                "contributions). Put the repository beside shared/ or set PCRS_REAL_DATA_DIR."
            )

        report = member_states_load()
        say(str(report))
        created, kept = catalogue_load()
        say(f"Capability catalogue: {created} added, {kept} already present")
        out = cast(TextIO, self.stdout)  # OutputWrapper writes like a text stream
        missions_load_demo(stdout=out)

        profiles = contributor_profiles()
        missions = Mission.objects.filter(is_active=True)
        demo_users_ensure(states=[p.state for p in profiles], missions=missions)
        focal_points = {
            user.member_state.iso3: user
            for user in User.objects.filter(role=Role.FOCAL_POINT).select_related("member_state")
            if user.member_state is not None
        }
        synthetic_pledges_create(focal_points=focal_points, today=today, log=say)
        readiness_load_demo(stdout=out, today=today)
        training_load_demo(stdout=out, today=today)
        performance_load_demo(stdout=out, today=today)
        # Before generation, so that a run can propose the joint (co-deployment) pledge.
        partnerships_load_demo(stdout=out, today=today)
        generation_load_demo(stdout=out, today=today)
        # After generation: the meetings' decisions link to its demo cases.
        consultations_load_demo(stdout=out, today=today)
        if not Publication.objects.exists():  # what observers and States see (ADR 0050)
            published = publication_publish(actor=None, as_of=today)
            say(f"Statistics published as of {today}: {published.suppressed_cells} cells hidden")

        self._print_users(profiles)

    def _print_users(self, profiles: list[Any]) -> None:
        say = self.stdout.write
        say("")
        say(self.style.SUCCESS(f"Demo users (password for all: {DEMO_PASSWORD})"))
        for username, role, _, _ in STAFF:
            say(f"  {username:<16} {Role(role).label}")
        sample = ", ".join(f"fp-{p.state.iso3.lower()}" for p in profiles[:6])
        say(f"  fp-<iso3>        Member State focal point, one per pledging State ({sample}, ...)")
        planners = User.objects.filter(role=Role.MISSION_PLANNER).order_by("username")
        if planners:
            names = ", ".join(u.username for u in planners[:6])
            say(f"  planner-<acronym> Mission planner, one per active mission ({names}, ...)")
