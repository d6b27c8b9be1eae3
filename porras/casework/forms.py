from django import forms
from django.utils.translation import gettext_lazy as _

from porras.casework.selectors import grouped_choices
from porras.people.models import Worker


class AssessmentForm(forms.Form):
    special_difficulty = forms.TypedChoiceField(
        coerce=lambda v: v == "1", widget=forms.RadioSelect, label=""
    )
    broad_need = forms.TypedChoiceField(
        coerce=lambda v: v == "1", widget=forms.RadioSelect, label=""
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, axes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["special_difficulty"].label = axes["capacity_question"]
        self.fields["special_difficulty"].choices = [
            ("0", axes["capacity_yes"]),
            ("1", axes["capacity_no"]),
        ]
        self.fields["broad_need"].label = axes["breadth_question"]
        self.fields["broad_need"].choices = [
            ("0", axes["breadth_narrow"]),
            ("1", axes["breadth_broad"]),
        ]


class PickListForm(forms.Form):
    """A form choosing a worker from a pick-list: only the eligible (the queryset, which also
    validates), shown grouped by team with the recommended worker first."""

    pick = "worker"

    def __init__(self, *args, workers, team, recommended=None, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.pick]
        field.queryset = workers
        empty = None if field.required else field.empty_label
        # Many forms of one list (the board's rows) share choices read once.
        field.choices = (
            choices
            if choices is not None
            else grouped_choices(workers, team=team, recommended=recommended, empty_label=empty)
        )


class AssignForm(PickListForm):
    worker = forms.ModelChoiceField(label=_("Responsible worker"), queryset=Worker.objects.none())
    reason = forms.CharField(
        label=_("Reason (when not the recommended worker)"), max_length=500, required=False
    )


class ReassignForm(PickListForm):
    worker = forms.ModelChoiceField(
        label=_("New responsible worker"), queryset=Worker.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CoWorkerForm(PickListForm):
    worker = forms.ModelChoiceField(
        label=_("Co-worker (pair work)"),
        queryset=Worker.objects.none(),
        required=False,
        empty_label=_("— no co-worker —"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConsultationForm(PickListForm):
    pick = "consultant"
    consultant = forms.ModelChoiceField(label=_("Consult"), queryset=Worker.objects.none())
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class MoveCasesForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, initial=_("Long absence"))
