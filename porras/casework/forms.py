from django import forms
from django.utils.translation import gettext_lazy as _

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


class AssignForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("Responsible worker"), queryset=Worker.objects.none())
    reason = forms.CharField(
        label=_("Reason (when not the recommended worker)"), max_length=500, required=False
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda w: (
            f"{w.get_full_name() or w.username} – {w.get_role_display()}"
        )


class ReassignForm(forms.Form):
    worker = forms.ModelChoiceField(
        label=_("New responsible worker"), queryset=Worker.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda w: (
            f"{w.get_full_name() or w.username} – {w.get_role_display()}"
        )


class CoWorkerForm(forms.Form):
    worker = forms.ModelChoiceField(
        label=_("Co-worker (pair work)"), queryset=Worker.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].empty_label = _("— no co-worker —")


class ConsultationForm(forms.Form):
    consultant = forms.ModelChoiceField(label=_("Consult"), queryset=Worker.objects.none())
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = workers


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class MoveCasesForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, initial=_("Long absence"))
