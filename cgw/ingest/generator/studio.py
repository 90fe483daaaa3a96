"""What the demo studio asks of the generator: a named dataset generated from targets, the
studio form's fields, and the KPIs a generation will show, known before generating."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cgw.ingest.generator import build, calibrate
from cgw.ingest.generator import targets as tg
from cgw.ingest.generator.targets import DEFAULT_AS_OF, Targets
from cgw.storage import datasets


def generate(
    name: str,
    targets: Targets,
    *,
    seed: int = 1,
    as_of: dt.date = DEFAULT_AS_OF,
    default_path: Path | str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> build.GenerationResult:
    """Generate `targets` into dataset `name` (new, or replacing it atomically).

    The caller closes any connection it holds to the file first (the app: ui.data.release()).
    """
    path = datasets.path_for(name, default_path)
    if isinstance(path, Path):  # a PostgreSQL store (server mode) is replaced in one transaction
        path.parent.mkdir(parents=True, exist_ok=True)
    return build.generate(targets, path, seed=seed, as_of=as_of, progress=progress or (lambda f, m: None))


# --- the studio's target table ------------------------------------------------------------------

# Fields of the studio's form; shares are fractions here and percentages on screen.
FORM_FIELDS = ("population", "streets", "communities", "workers_per_10k", "under_40_share", "college_share",
               "certified_share", "secretary_avg_age", "partners", "issues_resolved", "wishes_fulfilled")


def form_values(t: Targets) -> dict[str, float | int | None]:
    return {k: getattr(t, k) for k in FORM_FIELDS}


def targets_from_form(preset: str, values: dict, scale: float = 1.0) -> Targets:
    """The preset itself when the form is unchanged (its published wording kept), else custom targets
    on top of it; then `scale` times larger. Raises TargetError with the reason when impossible."""
    base = tg.PRESETS[preset]
    changed = {k: v for k, v in values.items() if v is not None and v != getattr(base, k)}
    cleared = [k for k, v in values.items() if v is None and getattr(base, k) is not None]
    if changed or cleared:
        t = tg.from_mapping({"base": preset, **{k: v for k, v in values.items() if v is not None}})
        if cleared:  # an empty service target means "sized to the district" (generator default)
            t = dataclasses.replace(t, **{k: None for k in cleared})
    else:
        t = base
    if scale <= 0:
        raise tg.TargetError(f"规模倍数应大于 0，收到 {scale}")
    if scale != 1:
        t = t.scaled(scale)
    tg.check_feasible(t)
    return t


# Targets fields of version 6 and the catalogue KPI each one fixes.
MECHANISM_METRICS = {
    "studios": "studios", "shadow_trainees": "shadow_trainees", "salons": "salons_held",
    "rotating_deputies": "rotating_deputies", "teaching_sites": "teaching_sites",
    "partner_colleges": "partner_colleges", "teacher_pools": "teacher_pools", "featured_courses": "featured_courses",
    "special_topics": "special_topics", "workers_on_secondment": "workers_on_secondment",
    "partner_departments": "partner_departments", "partner_associations": "partner_associations",
    "partner_talent_studios": "partner_talent_studios",
}  # fmt: skip


@dataclass(frozen=True)
class Preview:
    """The KPIs a generation will show, known before generating (from the integer plan)."""

    values: dict[str, float | None]  # metric id -> value (None: sized automatically)
    estimated_rows: int


def preview(t: Targets) -> Preview:
    plan = calibrate.plan_workforce(t)
    head, deputy, committee = plan.reserve_90s
    values: dict[str, float | None] = {
        "resident_population": plan.population,
        "active_workers": plan.workers,
        "workers_per_10k": plan.workers / plan.population * 10_000,
        "under_40_share": plan.under_40 / plan.workers,
        "college_share": plan.college / plan.workers,
        "certified_share": plan.certified / plan.workers,
        "secretaries": plan.secretaries,
        "secretary_avg_age": plan.secretary_age_sum / plan.secretaries,
        "new_secretaries_3y": plan.new_secretaries_3y,
        "open_recruits_4y": plan.open_recruits_4y,
        "reserve_90s_head": head,
        "reserve_90s_deputy": deputy,
        "reserve_90s_committee": committee,
        "communities": t.communities,
        "partners": t.partners if t.partners is not None else round(2.1 * t.communities),
        "issues_resolved": t.issues_resolved,
        "wishes_fulfilled": t.wishes_fulfilled,
        # Version 6: exact when the targets give them, else sized to the district (None).
        **{mid: getattr(t, field) for field, mid in MECHANISM_METRICS.items()},
    }
    per_community = (t.issues_per_community + t.wishes_per_community
                     + t.point_accounts_per_community * (1 + t.ledger_rows_per_account))
    # Version 6: needs, grids with their 党员中心户, and per worker three rounds of six competency
    # scores plus about two assessment outcomes a year.
    per_community += t.needs_per_community + sum(t.grids_per_community) / 2 * 5.5
    estimated = int(t.communities * per_community + plan.workers * 8 + plan.workers * 30)
    return Preview(values, estimated)
