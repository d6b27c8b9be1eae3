import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from porras.core.once import OnceField, OnceForm
from porras.eventlog.activities import Activity
from porras.handbook import selectors
from porras.handbook.models import (
    Document,
    DocumentKind,
    NoteStatus,
    Process,
    ProcessLevel,
    ProcessStatus,
)
from porras.handbook.services import DOCUMENT_FIELDS, PROCESS_FIELDS
from porras.people.models import Role, Worker


def _text(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class RevisionField(forms.IntegerField):
    """The revision the editor saw, so a concurrent change is noticed (hidden)."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, min_value=0, **kwargs)


class ProcessForm(forms.ModelForm):
    revision = RevisionField()
    documents = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Linked documents"),
    )

    class Meta:
        model = Process
        fields = PROCESS_FIELDS
        widgets = {
            name: _text()
            for name in PROCESS_FIELDS
            if name not in ("title", "level", "parent", "owner")
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, instance=process, **kwargs)
        county = process.county_id
        others = Process.objects.filter(county_id=county).exclude(lineage=process.lineage)
        current = selectors.in_force(others)  # one choice per process
        self.fields["parent"].queryset = others.filter(
            pk__in=[p.pk for p in current.values()] + [process.parent_id]
        )
        self.fields["owner"].queryset = Worker.objects.filter(
            county_id=county, role=Role.PROCESS_OWNER, is_active=True
        )
        self.fields["documents"].queryset = Document.objects.filter(county_id=county).exclude(
            status=ProcessStatus.RETIRED
        )
        self.fields["documents"].initial = list(process.documents.values_list("pk", flat=True))
        self.fields["revision"].initial = process.revision


class NewProcessForm(OnceForm):
    title = forms.CharField(label=_("Name"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=ProcessLevel.choices)
    file = forms.FileField(
        label=_("BPMN 2.0 file (optional)"),
        required=False,
        help_text=_(
            "A .bpmn file made with any modelling tool. Without a file you draw the "
            "diagram in Porras."
        ),
    )

    def clean(self):
        data = super().clean()
        if not data.get("title") and not data.get("file"):
            self.add_error("title", _("Give the process a name or choose a file."))
        return data


class DocumentForm(forms.ModelForm):
    once = OnceField()  # a new document is created once however often it is sent
    revision = RevisionField(required=False)
    url = forms.URLField(label=_("Web address"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)

    class Meta:
        model = Document
        fields = DOCUMENT_FIELDS
        widgets = {"description": _text(), "body": _text(8)}

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices
        self.fields["owner"].queryset = Worker.objects.filter(
            county=county, role=Role.PROCESS_OWNER, is_active=True
        )
        if not self.instance._state.adding:
            self.fields["revision"].initial = self.instance.revision
        elif not self.is_bound:
            self.initial["once"] = uuid.uuid4()


class MoveForm(forms.Form):
    revision = RevisionField()
    to_status = forms.ChoiceField(choices=ProcessStatus.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=_text(2))


class TaskMappingForm(forms.Form):
    revision = RevisionField()
    element_id = forms.CharField(widget=forms.HiddenInput)
    activity = forms.ChoiceField(label=_("Activity code"), required=False)
    performer_role = forms.ChoiceField(label=_("Performer"), required=False)
    documents = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(),
        required=False,
        label=_("Documents used in this step"),
        widget=forms.CheckboxSelectMultiple,
    )
    called_lineage = forms.ChoiceField(label=_("Detailed in process"), required=False)

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        blank = [("", "–")]
        self.fields["activity"].choices = blank + [
            (value, f"{value} – {label}") for value, label in Activity.choices
        ]
        self.fields["performer_role"].choices = blank + list(Role.choices)
        self.fields["documents"].queryset = Document.objects.filter(
            county_id=process.county_id
        ).exclude(status=ProcessStatus.RETIRED)
        others = (
            Process.objects.filter(county_id=process.county_id)
            .exclude(lineage=process.lineage)
            .order_by("title", "-version")
        )
        seen, choices = set(), []
        for other in others:
            if other.lineage not in seen:
                seen.add(other.lineage)
                choices.append((str(other.lineage), other.title))
        self.fields["called_lineage"].choices = blank + choices


class NoteForm(forms.Form):
    element_id = forms.ChoiceField(label=_("Step"), required=False)
    text = forms.CharField(label=_("Development need"), widget=_text(2))
    owner = forms.ModelChoiceField(
        queryset=Worker.objects.none(), required=False, label=_("Responsible")
    )

    def __init__(self, *args, steps, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element_id"].choices = [("", _("The whole process"))] + [
            (step.id, step.name or step.id) for step in steps
        ]
        self.fields["owner"].queryset = Worker.objects.filter(county=county, is_active=True)


class NoteStatusForm(forms.Form):
    revision = RevisionField()
    status = forms.ChoiceField(label=_("Status"), choices=NoteStatus.choices)
    owner = forms.ModelChoiceField(
        queryset=Worker.objects.none(), required=False, label=_("Responsible")
    )

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Worker.objects.filter(county=county, is_active=True)
