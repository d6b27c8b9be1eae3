"""The process handbook (prosessikäsikirja): process descriptions with BPMN diagrams."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from porras.eventlog.activities import Activity
from porras.people.models import County, Role, Worker


def safe_file_name(name: str) -> str:
    """A file name safe in a download header and on any disk."""
    return "".join(c if c.isalnum() or c in "-_. " else "_" for c in name).strip(" .")[:120]


class ProcessLevel(models.TextChoices):
    MAIN = "main", _("Main process")
    SUB = "sub", _("Sub-process")
    CHAIN = "chain", _("Service chain")


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CHECKED = "checked", _("Checked")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Versioned(models.Model):
    """One version of a handbook item. Versions of the same item share a lineage; only a
    draft can be edited, and `revision` counts edits so two keepers cannot silently
    overwrite each other."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=0, editable=False)
    owner = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["lineage", "version"], name="%(app_label)s_%(class)s_version_once"
            )
        ]

    @property
    def is_editable(self) -> bool:
        return self.status == ProcessStatus.DRAFT


class Process(Versioned):
    """One version of a process description, with the QPR template's fields."""

    title = models.CharField(_("name"), max_length=200)
    level = models.CharField(
        _("level"), max_length=8, choices=ProcessLevel.choices, default=ProcessLevel.MAIN
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    goal = models.TextField(_("goal"), blank=True)
    customers = models.TextField(_("customers"), blank=True)
    critical_success_factors = models.TextField(_("critical success factors"), blank=True)
    metrics = models.TextField(_("metrics"), blank=True)
    quality_requirements = models.TextField(_("quality requirements"), blank=True)
    inputs = models.TextField(_("inputs required by the customer"), blank=True)
    actors = models.TextField(_("actors and partners"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    information_systems = models.TextField(_("information systems"), blank=True)
    support_material = models.TextField(_("linked support material"), blank=True)
    documents = models.ManyToManyField(
        "Document", blank=True, related_name="processes", verbose_name=_("linked documents")
    )

    class Meta(Versioned.Meta):
        ordering = ["title", "-version"]
        verbose_name = _("process description")
        verbose_name_plural = _("process descriptions")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class DocumentKind(models.TextChoices):
    FORM = "form", _("Form")
    INSTRUCTION = "instruction", _("Work instruction")
    LEGISLATION = "legislation", _("Legislation")
    BROCHURE = "brochure", _("Brochure")
    GUIDE = "guide", _("Guide")


class Document(Versioned):
    """Support material linked to processes and their steps: forms, work instructions,
    legislation references and brochures. Checked and approved like a process."""

    title = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    description = models.TextField(_("description"), blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=300,
        blank=True,
        help_text=_("For example the section of law: Sosiaalihuoltolaki 1301/2014 36 §."),
    )
    url = models.URLField(_("web address"), blank=True)
    body = models.TextField(_("text"), blank=True)
    file_content = models.BinaryField(null=True, blank=True, editable=False)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)

    class Meta(Versioned.Meta):
        ordering = ["title", "-version"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Diagram(models.Model):
    """The BPMN 2.0 file of a process version, kept byte for byte."""

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="diagram")
    content = models.BinaryField()
    file_name = models.CharField(max_length=200, blank=True)
    element_count = models.PositiveIntegerField(default=0)
    # The names of the diagram's tasks, so the handbook search finds steps too.
    step_names = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file_name or str(self.process)


class TaskMapping(models.Model):
    """What a BPMN task of the diagram documents: an activity code of the event log and
    the role that performs it, so the handbook can be held against what happens."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="task_mappings")
    element_id = models.CharField(_("task"), max_length=200)
    activity = models.CharField(
        _("activity code"), max_length=64, choices=Activity.choices, blank=True
    )
    performer_role = models.CharField(
        _("performer"), max_length=32, choices=Role.choices, blank=True
    )
    documents = models.ManyToManyField(
        Document, blank=True, related_name="task_mappings", verbose_name=_("linked documents")
    )
    # The process (any of its versions: the current published one is shown) that details
    # this step, so main processes open into sub-processes and service chains into parts.
    called_lineage = models.UUIDField(_("detailed in"), null=True, blank=True)

    class Meta:
        ordering = ["element_id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "element_id"], name="one_mapping_per_task")
        ]

    def __str__(self) -> str:
        return f"{self.element_id} → {self.activity}"


class ApprovalRecord(models.Model):
    """One step on the approval path of a process or document version: who, when, why."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, null=True, blank=True, related_name="approvals"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="approvals"
    )
    from_status = models.CharField(max_length=12, choices=ProcessStatus.choices)
    to_status = models.CharField(max_length=12, choices=ProcessStatus.choices)
    actor = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class NoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DISMISSED = "dismissed", _("Dismissed")


class DevelopmentNote(models.Model):
    """A development need (muistilappu) pinned to a step of a process. Notes belong to the
    process across its versions, so a need found in version 1 is still seen in version 2."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="notes")
    lineage = models.UUIDField(db_index=True)
    element_id = models.CharField(_("step"), max_length=200, blank=True)
    element_name = models.CharField(max_length=300, blank=True)
    text = models.TextField(_("development need"))
    status = models.CharField(
        _("status"), max_length=12, choices=NoteStatus.choices, default=NoteStatus.OPEN
    )
    owner = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class HandbookSettings(models.Model):
    """The county's step limits (QPR guidance: 4–6 main steps, at most 16 per sub-process)."""

    county = models.OneToOneField(County, on_delete=models.CASCADE, related_name="+")
    main_min_steps = models.PositiveSmallIntegerField(_("fewest main-process steps"), default=4)
    main_max_steps = models.PositiveSmallIntegerField(_("most main-process steps"), default=6)
    sub_max_steps = models.PositiveSmallIntegerField(_("most sub-process steps"), default=16)

    class Meta:
        verbose_name = _("handbook settings")
        verbose_name_plural = _("handbook settings")

    def __str__(self) -> str:
        return str(self.county)

    def clean(self):
        if self.main_min_steps > self.main_max_steps:
            raise ValidationError(
                _("The fewest main-process steps cannot exceed the most main-process steps.")
            )
