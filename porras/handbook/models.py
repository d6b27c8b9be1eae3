"""The process handbook (prosessikäsikirja): process descriptions with BPMN diagrams."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from porras.eventlog.activities import Activity
from porras.people.models import County, Role, Worker


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


class Process(models.Model):
    """One version of a process description, with the QPR template's fields."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
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
    status = models.CharField(
        _("status"), max_length=12, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    goal = models.TextField(_("goal"), blank=True)
    customers = models.TextField(_("customers"), blank=True)
    critical_success_factors = models.TextField(_("critical success factors"), blank=True)
    metrics = models.TextField(_("metrics"), blank=True)
    quality_requirements = models.TextField(_("quality requirements"), blank=True)
    inputs = models.TextField(_("inputs required by the customer"), blank=True)
    actors = models.TextField(_("actors and partners"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    owner = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    information_systems = models.TextField(_("information systems"), blank=True)
    support_material = models.TextField(_("linked support material"), blank=True)
    created_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "-version"]
        verbose_name = _("process description")
        verbose_name_plural = _("process descriptions")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Diagram(models.Model):
    """The BPMN 2.0 file of a process version, kept byte for byte."""

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="diagram")
    content = models.BinaryField()
    file_name = models.CharField(max_length=200, blank=True)
    element_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file_name or str(self.process)


class TaskMapping(models.Model):
    """What a BPMN task of the diagram documents: an activity code of the event log and
    the role that performs it, so the handbook can be held against what happens."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="task_mappings")
    element_id = models.CharField(_("task"), max_length=200)
    activity = models.CharField(_("activity code"), max_length=64, choices=Activity.choices)
    performer_role = models.CharField(
        _("performer"), max_length=32, choices=Role.choices, blank=True
    )

    class Meta:
        ordering = ["element_id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "element_id"], name="one_mapping_per_task")
        ]

    def __str__(self) -> str:
        return f"{self.element_id} → {self.activity}"
