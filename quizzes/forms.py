"""The quiz's forms: the time limit of a question, a GIFT upload, a self-paced deadline."""

from __future__ import annotations

from django import forms
from django.utils import timezone

GIFT_MAX_BYTES = 500_000


class TimeLimitForm(forms.Form):
    time_limit = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=3600,
        label="Time limit (seconds)",
        error_messages={
            "min_value": "a time limit is at least one second",
            "max_value": "a time limit is at most an hour (3600 seconds)",
            "invalid": "type the time limit as a whole number of seconds",
        },
    )


class GiftUploadForm(forms.Form):
    """A GIFT file (the first step: preview), or its text sent back to import it."""

    file = forms.FileField(required=False, label="GIFT file")
    gift_text = forms.CharField(required=False, widget=forms.HiddenInput, strip=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > GIFT_MAX_BYTES:
                raise forms.ValidationError("that file is larger than 500 kB: is it really GIFT?")
            try:
                data["gift_text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    "that file is not UTF-8 text: save it as UTF-8 and upload it again"
                ) from None
        if not data.get("gift_text", "").strip():
            raise forms.ValidationError("choose a GIFT file to upload")
        return data


class SelfPacedForm(forms.Form):
    closes_at = forms.DateTimeField(
        label="Open until",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": "give the deadline as a date and a time"},
    )

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at <= timezone.now():
            raise forms.ValidationError("the deadline must be in the future")
        return closes_at
