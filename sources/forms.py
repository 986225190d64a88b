from django import forms

from sources.models import ExtractionStatus, Outlet


class ArticleAddForm(forms.Form):
    """Paste text, upload a file or give a URL; exactly one source."""

    title = forms.CharField(max_length=500, required=False)
    outlet = forms.CharField(max_length=200, required=False, label="Outlet")
    url = forms.URLField(max_length=2000, required=False, label="URL", assume_scheme="https")
    published = forms.DateField(
        required=False, label="Publication date", widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(required=False, label="Article text", widget=forms.Textarea(attrs={"rows": 14}))
    file = forms.FileField(required=False, label="Or upload a file (.txt, .html, .md)")
    fetch = forms.BooleanField(required=False, label="Fetch the article from the URL")

    def clean(self) -> dict:
        data = super().clean()
        sources = [bool((data.get("text") or "").strip()), bool(data.get("file")), bool(data.get("fetch"))]
        if sum(sources) == 0:
            raise forms.ValidationError("Paste the article text, upload a file, or tick “fetch” with a URL.")
        if sum(sources) > 1:
            raise forms.ValidationError("Give one source: pasted text, a file, or a URL to fetch.")
        if data.get("fetch") and not data.get("url"):
            self.add_error("url", "Give the URL to fetch.")
        return data


class ArticleFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Title contains")
    outlet = forms.ModelChoiceField(queryset=Outlet.objects.none(), required=False, empty_label="All outlets")
    status = forms.ChoiceField(choices=[("", "Any status"), *ExtractionStatus.choices], required=False)

    def __init__(self, *args, outlets=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if outlets is not None:
            self.fields["outlet"].queryset = outlets


class OutletAddForm(forms.Form):
    name = forms.CharField(max_length=200, label="Outlet name")
    domain = forms.CharField(max_length=253, required=False, label="Web domain (optional)")


class FeedAddForm(forms.Form):
    url = forms.URLField(max_length=2000, label="Feed URL (RSS, Atom or JSON Feed)", assume_scheme="https")
    interval_minutes = forms.IntegerField(
        min_value=1, max_value=1440, initial=15, label="Poll every (minutes)", required=False
    )
