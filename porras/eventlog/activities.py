"""The closed registry of activity codes: every event names one.

The process handbook's BPMN tasks name these codes too, so statistics and
conformance checks can hold the handbook against what happened. Add a code here
(with its Finnish and Swedish label in the catalogues) before any room uses it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    CLIENT_REGISTERED = "client.registered", _("Client registered")
    INTAKE_RECEIVED = "intake.received", _("Matter became pending")
    INTAKE_LINKED = "intake.linked", _("Linked to the client's other matters")
    INTAKE_ATTACHMENT_ADDED = "intake.attachment_added", _("Attachment added")
    INTAKE_CLAIMED = "intake.claimed", _("Taken from the queue")
    INTAKE_RELEASED = "intake.released", _("Returned to the queue")
    INTAKE_CONTACT_ATTEMPTED = "intake.contact_attempted", _("Contact attempted")
    INTAKE_URGENCY_ASSESSED = "intake.urgency_assessed", _("Urgency assessed")
    INTAKE_MOTIVATION_ASSESSED = "intake.motivation_assessed", _("Motivation assessed")
    INTAKE_GUIDANCE_GIVEN = "intake.guidance_given", _("Guidance and advice given")
    INTAKE_REFERRED = "intake.referred", _("Referred to another service")
    INTAKE_COMPLETION_REQUESTED = (
        "intake.completion_requested",
        _("Completion of the application requested"),
    )
    INTAKE_COMPLETED = "intake.completed", _("Completed application arrived")
    INTAKE_FORWARDED = "intake.forwarded", _("Forwarded to distribution")
    INTAKE_CLOSED = "intake.closed", _("Matter closed in service guidance")
    INTAKE_FLAGGED = "intake.flagged", _("Client flagged to the team")
    INTAKE_ASSIGNED = "intake.assigned", _("Distributed to a responsible worker")
    CASE_SUPPORT_NEED_ASSESSED = "case.support_need_assessed", _("Support need assessed")
    CASE_RECOMMENDED = "case.recommended", _("Responsible worker recommended")
    CASE_OPENED = "case.opened", _("Case opened")
    CASE_ASSIGNED = "case.assigned", _("Responsible worker assigned")
    CASE_ASSIGNMENT_OVERRIDDEN = (
        "case.assignment_overridden",
        _("Recommendation overridden with a reason"),
    )
    CASE_REASSIGNED = "case.reassigned", _("Responsible worker changed")
    CASE_CO_WORKER_SET = "case.co_worker_set", _("Co-worker (pair work) set")
    CASE_CONSULTATION_ASKED = "case.consultation_asked", _("Consultation asked")
    CASE_CONSULTATION_ANSWERED = "case.consultation_answered", _("Consultation answered")
    APPOINTMENT_BOOKED = "case.appointment_booked", _("Appointment booked")
    APPOINTMENT_KEPT = "case.appointment_kept", _("Appointment kept")
    APPOINTMENT_NO_SHOW = "case.appointment_no_show", _("The client did not come")
    APPOINTMENT_CANCELLED = "case.appointment_cancelled", _("Appointment cancelled")
    ASSESSMENT_STARTED = "case.assessment_started", _("Service need assessment started")
    ASSESSMENT_COMPLETED = "case.assessment_completed", _("Service need assessment completed")
    PLAN_MADE = "case.plan_made", _("Client plan made")
    PLAN_REFUSED = "case.plan_refused", _("The client refused a plan")
    PLAN_REVIEWED = "case.plan_reviewed", _("Client plan reviewed")
    PACKAGE_STARTED = "case.package_started", _("Service package started")
    PACKAGE_ENDED = "case.package_ended", _("Service package ended")
    NARRATIVE_WRITTEN = "case.narrative_written", _("Narrative entry written")
    CASE_STAGE_CHANGED = "case.stage_changed", _("Stage of the case changed")
    CASE_CLOSED = "case.closed", _("Case closed")
    DECISION_MADE = "decision.made", _("Decision made")
    DECISION_NOTIFIED = "decision.notified", _("Decision sent to the client")
    DECISION_IMPLEMENTED = "decision.implemented", _("Service decision implemented")
    RECTIFICATION_RECEIVED = (
        "decision.rectification_received",
        _("Request for rectification received"),
    )
    RECTIFICATION_DECIDED = (
        "decision.rectification_decided",
        _("Request for rectification decided"),
    )
    BENEFIT_DISCUSSION_REQUESTED = (
        "benefit.discussion_requested",
        _("Personal discussion requested"),
    )
    BENEFIT_DISCUSSION_HELD = "benefit.discussion_held", _("Personal discussion held")
    BENEFIT_KELA_RECORDED = (
        "benefit.kela_decision_recorded",
        _("Kela's basic income support decision recorded"),
    )
    BENEFIT_CALCULATED = "benefit.calculated", _("Income support calculated")
    PAYMENT_SCHEDULED = "payment.scheduled", _("Payment scheduled")
    PAYMENT_EXPORTED = "payment.exported", _("Payment exported to the bank")
    ACTIVATION_PLAN_MADE = "activation.plan_made", _("Activation plan made")
    ACTIVATION_PLAN_REVIEWED = "activation.plan_reviewed", _("Activation plan reviewed")
    WORK_PLAN_MADE = "activation.work_plan_made", _("Work activity plan made")
    WORK_PLAN_CHANGED = "activation.work_plan_changed", _("Work activity plan changed")
    AGREEMENT_SIGNED = "activation.agreement_signed", _("Work activity agreement signed")
    ATTENDANCE_RECORDED = "activation.attendance_recorded", _("Attendance recorded")
    ABSENCE_REPORTED = "activation.absence_reported", _("Absence from work activity reported")
    AUTHORITY_INFORMED = (
        "activation.authority_informed",
        _("Employment authority informed of an absence"),
    )
    MID_EVALUATION_HELD = "activation.mid_evaluation_held", _("Mid-evaluation held")
    WORK_ACTIVITY_ENDED = "activation.ended", _("Work activity period ended")
    ALLOWANCE_CALCULATED = "activation.allowance_calculated", _("Activity allowance calculated")
