"""Page forms: they only shape what the browser sends; the rules live in services.py.

Fields that a service validates (URLs, lengths, "a verdict needs a source") are plain optional
CharFields here, so the editor sees the service's one Korean message instead of two competing ones.
"""

from __future__ import annotations

from typing import Any

from django import forms

from factcheck.models import Review
from factcheck.services import SourceInput

SOURCE_ROWS = 3
_SOURCE_PARTS = ("url", "title", "publisher", "excerpt")

_DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATETIME_ERRORS = {"invalid": "보도 시각을 YYYY-MM-DD HH:MM 형식으로 입력해 주세요."}


class ArticleMetadataForm(forms.Form):
    title = forms.CharField(label="제목", required=False, max_length=300)
    outlet = forms.CharField(label="매체", required=False, max_length=200)
    byline = forms.CharField(label="기자", required=False, max_length=200)
    url = forms.CharField(label="원문 URL", required=False, widget=forms.URLInput)
    published_at = forms.DateTimeField(
        label="보도 시각", required=False, widget=_DATETIME_WIDGET, error_messages=_DATETIME_ERRORS
    )

    def metadata(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("title", "outlet", "byline", "url", "published_at")}


class ArticleUploadForm(ArticleMetadataForm):
    # strip=False: whether whitespace-only text counts as "empty" is ingest.py's call, not the form's.
    text = forms.CharField(
        label="기사 본문 붙여넣기",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "기사 본문을 그대로 붙여넣으세요."}),
    )
    file = forms.FileField(
        label="또는 파일 올리기",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.html,.htm"}),
        help_text=".txt, .docx, .html 중 하나",
    )

    field_order = ["text", "file", "title", "outlet", "byline", "url", "published_at"]


class ReviewForm(forms.Form):
    """One verdict on one claim; the page holds one per claim, told apart by `prefix`."""

    verdict = forms.ChoiceField(
        label="판정",
        widget=forms.RadioSelect,
        error_messages={"required": "판정을 선택해 주세요.", "invalid_choice": "고를 수 없는 판정입니다."},
    )
    note = forms.CharField(
        label="검토 메모",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "판정 근거를 적어 주세요."}),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": "페이지를 새로 고친 뒤 다시 시도해 주세요."}
    )

    def __init__(self, *args: Any, verdicts: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = [(v, label) for v, label in Review.Verdict.choices if v in verdicts]
        self.dismiss_only = verdicts == [Review.Verdict.DISMISSED]
        if self.dismiss_only:
            return
        for i in range(1, SOURCE_ROWS + 1):
            self.fields[f"source_{i}_url"] = forms.CharField(
                label="URL", required=False, max_length=2000, widget=forms.URLInput(attrs={"placeholder": "https://"})
            )
            self.fields[f"source_{i}_title"] = forms.CharField(label="제목", required=False, max_length=300)
            self.fields[f"source_{i}_publisher"] = forms.CharField(label="발행처", required=False, max_length=200)
            self.fields[f"source_{i}_excerpt"] = forms.CharField(
                label="발췌", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def source_rows(self) -> list[list[forms.BoundField]]:
        """Bound fields grouped per source fieldset, for the template."""
        if self.dismiss_only:
            return []
        return [[self[f"source_{i}_{part}"] for part in _SOURCE_PARTS] for i in range(1, SOURCE_ROWS + 1)]

    def source_inputs(self) -> list[SourceInput]:
        """Filled source rows only: empty fieldsets are ignored."""
        if self.dismiss_only:
            return []
        sources = []
        for i in range(1, SOURCE_ROWS + 1):
            values = {part: self.cleaned_data.get(f"source_{i}_{part}", "") for part in _SOURCE_PARTS}
            if any(value.strip() for value in values.values()):
                sources.append(SourceInput(**values))
        return sources
