"""Page forms: they only shape what the browser sends; the rules live in the services.

Fields that a service validates (URLs, lengths, "a verdict needs a source") are plain optional
CharFields here, so the editor sees the service's one Korean message instead of two competing ones.
"""

from __future__ import annotations

from typing import Any

from django import forms

from factcheck import selectors
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


_VERSION_FIELD = {
    "widget": forms.HiddenInput,
    "min_value": 1,
    "error_messages": {"required": "페이지를 새로 고친 뒤 다시 시도해 주세요."},
}


class CrossCheckForm(forms.Form):
    """The second reviewer's decision on a proposal."""

    decision = forms.ChoiceField(
        label="교차 확인",
        choices=[("confirm", "확인: 이 판정으로 확정"), ("reject", "반려: 다시 검토 대기로")],
        widget=forms.RadioSelect,
        error_messages={"required": "확인 또는 반려를 선택해 주세요.", "invalid_choice": "고를 수 없는 결정입니다."},
    )
    note = forms.CharField(
        label="메모",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "반려할 때는 이유를 적어 주세요. 제안자에게 전달됩니다."}
        ),
    )
    version = forms.IntegerField(**_VERSION_FIELD)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="재검토 사유",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "왜 다시 검토해야 하는지 적어 주세요."}),
    )
    version = forms.IntegerField(**_VERSION_FIELD)


class AssignForm(forms.Form):
    """Editors pick any reviewer (or nobody); the choices are the desk's active reviewers."""

    assignee = forms.ModelChoiceField(
        label="담당 검토자",
        queryset=selectors.reviewers(),
        required=False,
        empty_label="담당자 없음",
        error_messages={"invalid_choice": "검토자 목록에 없는 사람입니다. 페이지를 새로 고쳐 주세요."},
    )


class ArticleAssignForm(AssignForm):
    assignee = forms.ModelChoiceField(
        label="검토 대기 주장 모두 배정",
        queryset=selectors.reviewers(),
        empty_label="검토자 선택",
        error_messages={
            "required": "배정할 검토자를 골라 주세요.",
            "invalid_choice": "검토자 목록에 없는 사람입니다. 페이지를 새로 고쳐 주세요.",
        },
    )


class TakeClaimForm(forms.Form):
    """A reviewer takes a free claim (`take`) or gives back their own (`release`)."""

    action = forms.ChoiceField(choices=[("take", "맡기"), ("release", "내려놓기")])
