"""Missions services (writes). Keyword-only, atomic, audited."""

from ._common import CONFLICT_CODES, CONFLICT_MESSAGES, TRANSITIONS, transition
from .assignment import (
    BatchResult,
    Plan,
    PlanObserver,
    PlanPoint,
    assignment_plan,
    mission_batch_assign,
    observer_workloads,
)
from .evidence import evidence_add, evidence_check_file, evidence_max_bytes, evidence_public_copy
from .missions import (
    mission_assign,
    mission_bulk_create,
    mission_cancel,
    mission_conflicts,
    mission_create,
    mission_pair_create,
    mission_reassign,
)
from .reports import (
    correction_rows,
    report_answer_errors,
    report_content_hash,
    report_correction_decide,
    report_correction_request,
    report_patch,
    report_return,
    report_submit,
    report_upsert,
    report_validate,
)

__all__ = [
    "CONFLICT_CODES",
    "CONFLICT_MESSAGES",
    "TRANSITIONS",
    "BatchResult",
    "Plan",
    "PlanObserver",
    "PlanPoint",
    "assignment_plan",
    "correction_rows",
    "evidence_add",
    "evidence_check_file",
    "evidence_max_bytes",
    "evidence_public_copy",
    "mission_assign",
    "mission_batch_assign",
    "mission_bulk_create",
    "mission_cancel",
    "mission_conflicts",
    "mission_create",
    "mission_pair_create",
    "mission_reassign",
    "observer_workloads",
    "report_answer_errors",
    "report_content_hash",
    "report_correction_decide",
    "report_correction_request",
    "report_patch",
    "report_return",
    "report_submit",
    "report_upsert",
    "report_validate",
    "transition",
]
