"""Force-generation pages. Thin: selectors read (and decide visibility), services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pcrs.accounts.models import User
from pcrs.core import exports as core_exports
from pcrs.core.errors import DomainError
from pcrs.generation import exports, permissions, selectors, services, workflow
from pcrs.generation.adapter import RunRequest
from pcrs.generation.conf import setting
from pcrs.generation.models import CaseState, GenerationRun, Notification, WhatIfScenario
from pcrs.missions.models import UNFILLED_STATUSES, Mission
from pcrs.registry.models import CapabilityType


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require_secretariat(request: HttpRequest) -> None:
    if not permissions.is_secretariat(_user(request)):
        raise PermissionDenied(_("Force generation is the Secretariat's."))


def _errors(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for field, errs in exc.message_dict.items():
            for err in errs:
                messages.error(request, _("%(field)s: %(err)s") % {"field": field, "err": err})
    elif isinstance(exc, DomainError):
        messages.error(request, exc.message)


# --- Runs ----------------------------------------------------------------------------------


class RunForm(forms.Form):
    missions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Missions"),
        queryset=Mission.objects.none(),
        required=False,
        to_field_name="acronym",
        help_text=gettext_lazy("None chosen: every mission with open requirements."),
        widget=forms.CheckboxSelectMultiple,
    )
    horizon_days = forms.IntegerField(
        label=gettext_lazy("Horizon days"),
        required=False,
        min_value=0,
        max_value=3650,
        help_text=gettext_lazy("Only needs due within (days)."),
    )
    min_level = forms.ChoiceField(
        label=gettext_lazy("Min level"),
        choices=[("2", "Level 2"), ("3", "Level 3"), ("rdl", "RDL"), ("1", "Level 1")],
        initial="2",
    )
    time_limit = forms.IntegerField(label=gettext_lazy("Time limit"), min_value=1, initial=10)
    seed = forms.IntegerField(label=gettext_lazy("Seed"), min_value=0, initial=0, required=False)
    weight_on_time = forms.FloatField(
        min_value=0, required=False, label=gettext_lazy("Weight: on time")
    )
    weight_gender = forms.FloatField(
        min_value=0, required=False, label=gettext_lazy("Weight: gender")
    )
    weight_language = forms.FloatField(
        min_value=0, required=False, label=gettext_lazy("Weight: language")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["missions"]
        field.queryset = Mission.objects.filter(  # type: ignore[attr-defined]
            requirements__status__in=UNFILLED_STATUSES
        ).distinct()
        self.fields["time_limit"].max_value = setting("MAX_TIME_LIMIT_SECONDS")  # type: ignore[attr-defined]

    def run_request(self) -> RunRequest:
        d = self.cleaned_data
        weights = {
            name: d[f"weight_{name}"]
            for name in ("on_time", "gender", "language")
            if d.get(f"weight_{name}") is not None
        }
        return RunRequest(
            missions=tuple(m.acronym for m in d["missions"]),
            horizon_days=d.get("horizon_days"),
            min_level=d["min_level"],
            time_limit=float(d["time_limit"]),
            seed=d.get("seed") or 0,
            weights=weights,
        )


# The generation page lists the latest runs (its export the same ones).
RUNS_SHOWN = 30


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponseBase:
    _require_secretariat(request)
    form = RunForm(
        request.POST or None, initial={"time_limit": setting("DEFAULT_TIME_LIMIT_SECONDS")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_start(actor=_user(request), request=form.run_request())
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
        else:
            return redirect("generation:run", run_id=run.pk)
    services.runs_reap_stale()
    runs = selectors.runs_visible_to(_user(request))[:RUNS_SHOWN]
    fmt = core_exports.requested_format(request) if request.method == "GET" else None
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.RUN_COLUMNS, rows=runs, name="generation-runs", fmt=fmt
        )
    return render(request, "generation/index.html", {"form": form, "runs": runs})


def _run_context(request: HttpRequest, run: GenerationRun) -> dict[str, Any]:
    return {"run": run, "review": selectors.run_review(run) if run.is_finished else []}


@require_GET
def run_detail(request: HttpRequest, run_id: str) -> HttpResponse:
    services.runs_reap_stale()
    run = selectors.access_run(user=_user(request), id=run_id)
    others = selectors.runs_visible_to(_user(request)).exclude(pk=run.pk)[:20]
    return render(request, "generation/run.html", {**_run_context(request, run), "others": others})


@require_GET
def run_status(request: HttpRequest, run_id: str) -> HttpResponse:
    """The htmx-polled part of the run page: progress while running, the result when done."""
    services.runs_reap_stale()
    run = selectors.access_run(user=_user(request), id=run_id)
    response = render(request, "generation/_run_status.html", _run_context(request, run))
    if run.is_finished and request.headers.get("HX-Request"):
        # The review appears with the result: reload the page once, so locks work too.
        response["HX-Refresh"] = "true"
    return response


@require_POST
def run_replan(request: HttpRequest, run_id: str) -> HttpResponse:
    """Re-run with the planner's locks and exclusions; the rest stays close to this plan."""
    run = selectors.access_run(user=_user(request), id=run_id)
    old = RunRequest.from_dict(run.parameters)
    locks = list(old.locks)
    exclusions = list(old.exclusions)
    for value in request.POST.getlist("lock"):
        req_id, _sep, pledge_id = value.partition(":")
        if req_id.isdigit() and pledge_id:
            locks.append((int(req_id), pledge_id))
    for value in request.POST.getlist("exclude"):
        req_id, _sep, pledge_id = value.partition(":")
        if req_id.isdigit() and pledge_id:
            exclusions.append((int(req_id), pledge_id, "excluded by the planner"))
    new = RunRequest(
        missions=old.missions,
        requirements=old.requirements,
        horizon_days=old.horizon_days,
        min_level=old.min_level,
        time_limit=old.time_limit,
        seed=old.seed,
        weights=old.weights,
        locks=tuple(dict.fromkeys(locks)),
        exclusions=tuple(dict.fromkeys(exclusions)),
    )
    try:
        replan = services.run_start(actor=_user(request), request=new, previous=run)
    except (DomainError, ValidationError) as exc:
        _errors(request, exc)
        return redirect("generation:run", run_id=run.pk)
    return redirect("generation:run", run_id=replan.pk)


@require_GET
def run_compare(request: HttpRequest) -> HttpResponse:
    a = selectors.access_run(user=_user(request), id=request.GET.get("a"))
    b = selectors.access_run(user=_user(request), id=request.GET.get("b"))
    left, right = selectors.run_review(a), selectors.run_review(b)
    by_req: dict[int, dict[str, Any]] = {}
    for side, lines in (("a", left), ("b", right)):
        for line in lines:
            row = by_req.setdefault(line.requirement.pk, {"requirement": line.requirement})
            row[side] = line
    rows = sorted(
        by_req.values(), key=lambda r: (r["requirement"].mission.acronym, r["requirement"].pk)
    )
    for row in rows:
        la, lb = row.get("a"), row.get("b")
        pa = {p.pledge.pk for p in la.proposals} if la else set()
        pb = {p.pledge.pk for p in lb.proposals} if lb else set()
        row["same"] = pa == pb
    return render(request, "generation/compare.html", {"a": a, "b": b, "rows": rows})


@require_POST
def shortlist(request: HttpRequest, run_id: str) -> HttpResponse:
    run = selectors.access_run(user=_user(request), id=run_id)
    assignment = run.assignments.filter(
        requirement_id=request.POST.get("requirement") or 0,
        pledge_id=_uuid_or_none(request.POST.get("pledge")),
    ).first()
    if assignment is None:
        messages.error(request, _("This proposal is not part of the run."))
        return redirect("generation:run", run_id=run.pk)
    try:
        case = services.case_create(
            actor=_user(request),
            run=run,
            requirement=assignment.requirement,
            pledge=assignment.pledge,
        )
    except (DomainError, ValidationError) as exc:
        _errors(request, exc)
        return redirect("generation:run", run_id=run.pk)
    messages.success(request, _("Shortlisted for outreach: send the note verbale next."))
    return redirect("generation:case", case_id=case.pk)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _uuid_or_none(value: str | None) -> Any:
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- Cases ---------------------------------------------------------------------------------


@require_GET
def case_list(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    cases = list(selectors.cases_visible_to(user)[:200])
    if not cases and not (
        permissions.is_secretariat(user)
        or (user.member_state_id and permissions.is_focal_point_of(user, user.member_state_id))
    ):
        raise Http404(selectors.CASE_NOT_FOUND)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.CASE_COLUMNS,
            rows=selectors.cases_visible_to(user).iterator(chunk_size=core_exports.CHUNK_SIZE),
            name="generation-cases",
            fmt=fmt,
        )
    today = timezone.localdate()
    notices = list(selectors.notifications_for(user)[:20])
    return render(
        request,
        "generation/cases.html",
        {
            "cases": cases,
            "today": today,
            "notices": notices,
            "is_secretariat": permissions.is_secretariat(user),
        },
    )


class CaseStepForm(forms.Form):
    nv_reference = forms.CharField(
        required=False, max_length=80, label=gettext_lazy("Note verbale reference")
    )
    nv_date = forms.DateField(required=False, label=gettext_lazy("Note verbale date"))
    answer_deadline = forms.DateField(label=gettext_lazy("Answer deadline"), required=False)
    decline_reason = forms.CharField(
        label=gettext_lazy("Decline reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reconnaissance_on = forms.DateField(
        required=False, label=gettext_lazy("Reconnaissance visit on")
    )
    pre_deployment_on = forms.DateField(
        required=False, label=gettext_lazy("Pre-deployment visit on")
    )
    pre_deployment_result = forms.ChoiceField(
        label=gettext_lazy("Pre deployment result"),
        required=False,
        choices=[
            ("", "-"),
            ("ready", gettext_lazy("Ready")),
            ("conditional", gettext_lazy("Conditional")),
            ("not_ready", gettext_lazy("Not ready")),
        ],
    )
    military_skills_passed = forms.NullBooleanField(
        required=False, label=gettext_lazy("Military skills check passed")
    )
    mou_on = forms.DateField(required=False, label=gettext_lazy("MOU agreed on"))
    lift = forms.ChoiceField(
        label=gettext_lazy("Lift"),
        required=False,
        choices=[
            ("", "-"),
            ("loa", gettext_lazy("Letter of assist")),
            ("un", gettext_lazy("UN contract")),
        ],
    )
    self_sufficiency_days = forms.IntegerField(
        label=gettext_lazy("Self sufficiency days"), required=False, min_value=0, max_value=365
    )
    deployed_on = forms.DateField(label=gettext_lazy("Deployed on"), required=False)
    close_reason = forms.CharField(
        label=gettext_lazy("Close reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    user = _user(request)
    case = selectors.access_case(user=user, id=case_id)
    who = selectors.who_on_case(user, case)
    if request.method == "POST":
        move = request.POST.get("move", "")
        form = CaseStepForm(request.POST)
        if not form.is_valid():
            for field, errs in form.errors.items():
                messages.error(
                    request,
                    _("%(field)s: %(join)s")
                    % {"field": field, "join": "; ".join(str(e) for e in errs)},
                )
            return redirect("generation:case", case_id=case.pk)
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            services.case_move(
                actor=user,
                case=case,
                move=move,
                data=data,
                note=request.POST.get("note", ""),
                expected_version=_int_or_none(request.POST.get("version")),
            )
        except workflow.CaseMoveNotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
        else:
            messages.success(
                request, _("Recorded: %(label)s.") % {"label": workflow.CASE_MOVES[move].label}
            )
        return redirect("generation:case", case_id=case.pk)
    moves = [
        (name, m)
        for name, m in workflow.CASE_MOVES.items()
        if who in m.who and case.state in m.sources
    ]
    Notification.objects.filter(recipient=user, case=case, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(
        request,
        "generation/case.html",
        {
            "case": case,
            "who": who.name,
            "moves": moves,
            "timeline": selectors.case_timeline(user=user, case=case),
            "overdue": case.is_overdue(timezone.localdate()),
            "withdrawn": case.pledge.status == "withdrawn",
            "form": CaseStepForm(),
            "is_secretariat": who == workflow.Who.SECRETARIAT,
            "pledge_label": selectors.pledge_label(case.pledge),
        },
    )


# --- Candidates and outreach ----------------------------------------------------------------


@require_GET
def candidates(request: HttpRequest, requirement_id: int) -> HttpResponse:
    requirement = selectors.access_requirement_candidates(user=_user(request), id=requirement_id)
    today = timezone.localdate()
    fits, near = selectors.outreach_lists(requirement, today=today)
    runs = list(
        selectors.runs_visible_to(_user(request))
        .filter(assignments__requirement=requirement)
        .distinct()[:5]
    )
    return render(
        request,
        "generation/candidates.html",
        {"requirement": requirement, "fits": fits, "near": near, "runs": runs},
    )


# --- What-if --------------------------------------------------------------------------------


class WhatIfForm(forms.Form):
    needs = forms.CharField(
        label=gettext_lazy("Needs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One need a line: capability code and units, e.g. 'utility-helicopter-unit 2'."
        ),
    )
    deadline_days = forms.IntegerField(
        label=gettext_lazy("Deadline days"), min_value=1, max_value=730, initial=60
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("To save the scenario."),
    )
    mission = forms.ModelChoiceField(
        label=gettext_lazy("Mission"),
        queryset=Mission.objects.filter(is_active=True),
        required=False,
        to_field_name="acronym",
        help_text=gettext_lazy(
            "To turn the scenario into a run: its needs become this mission's requirements."
        ),
    )

    def clean_needs(self) -> list[tuple[CapabilityType, int]]:
        out: list[tuple[CapabilityType, int]] = []
        errors: list[str] = []
        for number, line in enumerate(self.cleaned_data["needs"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            code, units = parts[0], parts[1] if len(parts) > 1 else "1"
            capability = CapabilityType.objects.filter(code=code).first()
            if capability is None:
                errors.append(f"line {number}: unknown capability type {code!r}")
            elif not units.isdigit() or not 1 <= int(units) <= 50:
                errors.append(f"line {number}: units must be a whole number from 1 to 50")
            else:
                out.append((capability, int(units)))
        if errors:
            raise forms.ValidationError(errors)
        if not out:
            raise forms.ValidationError(_("Give at least one need."))
        return out


@require_http_methods(["GET", "POST"])
def what_if(request: HttpRequest) -> HttpResponse:
    """A crisis scenario: what could arrive by the deadline. Reads only (saving is optional)."""
    _require_secretariat(request)
    initial: dict[str, Any] = {"deadline_days": setting("WHAT_IF_DEADLINE_DAYS")}
    saved = request.GET.get("scenario")
    if saved:
        scenario = WhatIfScenario.objects.filter(pk=_uuid_or_none(saved)).first()
        if scenario is not None:
            initial = {
                "deadline_days": scenario.deadline_days,
                "name": scenario.name,
                "needs": "\n".join(f"{n['capability_type']} {n['units']}" for n in scenario.needs),
            }
    form = WhatIfForm(request.POST or None, initial=initial)
    lines: list[selectors.WhatIfLine] = []
    deadline: dt.date | None = None
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        days = form.cleaned_data["deadline_days"]
        deadline = today + dt.timedelta(days=days)
        lines = selectors.what_if(needs=form.cleaned_data["needs"], deadline_days=days, today=today)
        if "to_run" in request.POST:
            mission = form.cleaned_data.get("mission")
            if mission is None:
                messages.error(request, _("mission: Choose the mission the needs are for."))
            else:
                try:
                    run = services.what_if_to_run(
                        actor=_user(request),
                        mission=mission,
                        needs=form.cleaned_data["needs"],
                        deadline_days=days,
                    )
                except (DomainError, ValidationError) as exc:
                    _errors(request, exc)
                else:
                    return redirect("generation:run", run_id=run.pk)
        if form.cleaned_data.get("name") and "save" in request.POST:
            services.what_if_save(
                actor=_user(request),
                name=form.cleaned_data["name"],
                needs=[
                    {"capability_type": c.code, "units": u} for c, u in form.cleaned_data["needs"]
                ],
                deadline_days=days,
            )
            messages.success(request, _("Scenario saved."))
    scenarios = WhatIfScenario.objects.all()[:20]
    return render(
        request,
        "generation/what_if.html",
        {"form": form, "lines": lines, "deadline": deadline, "scenarios": scenarios},
    )


# --- Metrics --------------------------------------------------------------------------------


def _metrics_context() -> dict[str, Any]:
    lines, summary = selectors.generation_metrics()
    chart = {
        "labels": [f"{m.mission} {m.capability}" for m in lines],
        "to_note_verbale": [m.to_note_verbale for m in lines],
        "to_answer": [m.to_answer for m in lines],
        "to_deployment": [m.to_deployment for m in lines],
    }
    return {"lines": lines, "summary": summary, "chart": chart}


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    _require_secretariat(request)
    return render(request, "generation/metrics.html", _metrics_context())


def gaps_metrics_panel(request: HttpRequest, _: Any) -> dict[str, Any] | None:
    """The gaps dashboard's generation timelines (Secretariat): the metrics page's chart."""
    if not permissions.is_secretariat(request.user):
        return None
    return {"template": "generation/_metrics_panel.html", **_metrics_context()}


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Home: open cases and overdue steps (Secretariat); requests to answer (focal point)."""
    user = request.user
    if not user.is_authenticated:
        return None
    cases = selectors.cases_visible_to(user)
    today = timezone.localdate()
    open_cases = cases.exclude(
        state__in=[CaseState.DECLINED, CaseState.NO_ANSWER, CaseState.DEPLOYED, CaseState.CLOSED]
    )
    if permissions.is_secretariat(user):
        return {
            "template": "generation/_home_panel.html",
            "secretariat": True,
            "open": open_cases.count(),
            "overdue": open_cases.filter(due_on__lt=today).count(),
            "unread": selectors.notifications_for(user).filter(read_at__isnull=True).count(),
        }
    if user.member_state_id and permissions.is_focal_point_of(user, user.member_state_id):  # type: ignore[union-attr]
        return {
            "template": "generation/_home_panel.html",
            "secretariat": False,
            "to_answer": open_cases.filter(state=CaseState.NOTE_VERBALE_SENT).count(),
            "unread": selectors.notifications_for(user).filter(read_at__isnull=True).count(),
        }
    return None
