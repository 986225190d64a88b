from collections.abc import Iterator

from django import forms
from django.forms.models import ModelChoiceIterator

from claims.models import ClaimStatus, Speaker, StatementKind
from sources.models import Outlet

EVIDENCE_ROWS = 3
DATE = forms.DateInput(attrs={"type": "date"})


class ReviewForm(forms.Form):
    status = forms.ChoiceField(choices=ClaimStatus.choices)
    note = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))
    expected_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for i in range(EVIDENCE_ROWS):
            self.fields[f"evidence_url_{i}"] = forms.CharField(
                required=False,
                max_length=2000,
                label=f"Evidence link {i + 1} URL",
                widget=forms.URLInput(attrs={"placeholder": "https://"}),
            )
            self.fields[f"evidence_title_{i}"] = forms.CharField(
                required=False,
                max_length=300,
                label=f"Evidence link {i + 1} title",
                widget=forms.TextInput(attrs={"placeholder": "Title"}),
            )

    def evidence_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"evidence_url_{i}"], self[f"evidence_title_{i}"]) for i in range(EVIDENCE_ROWS)]

    def evidence(self) -> list[dict[str, str]]:
        return [
            {"url": self.cleaned_data[f"evidence_url_{i}"], "title": self.cleaned_data[f"evidence_title_{i}"]}
            for i in range(EVIDENCE_ROWS)
        ]


class PublishForm(forms.Form):
    expected_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReadOnceChoiceIterator(ModelChoiceIterator):
    """Choices from the field's queryset read once, as a list: Django's default iterates it with
    .iterator(), a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips) on
    every render. For short lists of choices (outlets)."""

    def __iter__(self) -> Iterator[tuple]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ShortModelChoiceField(forms.ModelChoiceField):
    iterator = ReadOnceChoiceIterator


class QueueFilterForm(forms.Form):
    speaker = forms.CharField(required=False, label="Speaker")
    outlet = ShortModelChoiceField(queryset=Outlet.objects.none(), required=False, empty_label="All outlets")
    date_from = forms.DateField(required=False, label="Said from", widget=DATE)
    date_to = forms.DateField(required=False, label="Said until", widget=DATE)
    suggested_status = forms.ChoiceField(
        choices=[("", "Any suggestion"), *ClaimStatus.choices], required=False, label="Suggested status"
    )
    repeats_first = forms.BooleanField(
        required=False, label="Repeats first", help_text="Claims said again after a contested or unevidenced verdict."
    )
    # Chosen by the links above the table; kept through a filter submission.
    order = forms.ChoiceField(
        choices=[("worthy", "Most check-worthy first"), ("newest", "Newest first")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, outlets=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if outlets is not None:
            self.fields["outlet"].queryset = outlets


class SearchForm(QueueFilterForm):
    q = forms.CharField(required=False, max_length=300, label="Search speakers and statements")
    status = forms.ChoiceField(choices=[("", "Any status"), *ClaimStatus.choices], required=False, label="Status")

    field_order = ["q", "speaker", "status", "outlet", "date_from", "date_to"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["suggested_status"]
        del self.fields["repeats_first"]
        del self.fields["order"]


class SpeakerChoiceForm(forms.Form):
    """Choose an existing speaker or type a name (a new speaker is created if no one has it)."""

    speaker = forms.ModelChoiceField(queryset=Speaker.objects.none(), required=False, empty_label="— type a name —")
    speaker_name = forms.CharField(required=False, max_length=300, label="Or a speaker's name")

    def __init__(self, *args, speakers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = speakers if speakers is not None else Speaker.objects.all()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("speaker") and not (data.get("speaker_name") or "").strip():
            raise forms.ValidationError("Choose a speaker or type a name.")
        return data


class SpanForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)


class StatementAddForm(SpeakerChoiceForm):
    start = forms.IntegerField(min_value=0, required=False)
    end = forms.IntegerField(min_value=1, required=False)
    text = forms.CharField(
        required=False,
        max_length=5000,
        label="Or the statement's exact words",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(choices=StatementKind.choices, initial=StatementKind.DIRECT)
    cue = forms.CharField(required=False, max_length=100, label="Cue verb", initial="said")

    def clean(self) -> dict:
        data = super().clean()
        has_span = data.get("start") is not None and data.get("end") is not None
        if not has_span and not (data.get("text") or "").strip():
            raise forms.ValidationError("Select the words in the article, or give start and end, or the exact words.")
        return data


class MergeForm(forms.Form):
    target = forms.CharField(max_length=320, label="Merge this speaker into (name or slug)")


class AliasForm(forms.Form):
    name = forms.CharField(max_length=300, label="New alias")


class ClaimMergeForm(forms.Form):
    other = forms.IntegerField(
        label="Claim number to merge into this one", min_value=1, help_text="Its statements move here; it is removed."
    )
