"""Page forms: they only shape what the browser sends; the rules live in the services.

Fields that a service validates (URLs, "a verdict needs a source") are plain optional CharFields here,
so the editor sees the service's one message instead of two competing ones. Lengths are the exception:
the browser should stop at the limit (`maxlength`), so text fields carry the model's max_length
(factcheck/limits.py), and the service checks the same number for every other caller.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from factcheck import limits, selectors
from factcheck.limits import MAX_SOURCES
from factcheck.models import ApiToken, Review
from factcheck.services import SourceInput

_SOURCE_PARTS = ("url", "title", "publisher", "excerpt")

_DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATETIME_ERRORS = {"invalid": _("Enter the publication time as YYYY-MM-DD HH:MM.")}
_RELOAD = _("Reload the page, then try again.")
_NOT_A_REVIEWER = _("That person is not on the list of reviewers. Reload the page.")


class StoredTextField(forms.CharField):
    """Text the desk stores as NFC (a Mac sends Korean decomposed): `max_length` counts what the column will hold.

    The limits are the model's (factcheck/limits.py); the browser gets them as `maxlength` too.
    """

    def to_python(self, value: Any) -> str:
        return unicodedata.normalize("NFC", super().to_python(value))


class ArticleMetadataForm(forms.Form):
    title = StoredTextField(label=_("Title"), required=False, max_length=limits.ARTICLE_TITLE)
    outlet = StoredTextField(label=_("Outlet"), required=False, max_length=limits.ARTICLE_OUTLET)
    byline = StoredTextField(label=_("Byline"), required=False, max_length=limits.ARTICLE_BYLINE)
    url = StoredTextField(label=_("Original URL"), required=False, max_length=limits.ARTICLE_URL, widget=forms.URLInput)
    published_at = forms.DateTimeField(
        label=_("Published at"), required=False, widget=_DATETIME_WIDGET, error_messages=_DATETIME_ERRORS
    )

    def metadata(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("title", "outlet", "byline", "url", "published_at")}


class ArticleUploadForm(ArticleMetadataForm):
    # strip=False: whether whitespace-only text counts as "empty" is ingest.py's call, not the form's.
    text = forms.CharField(
        label=_("Paste the article body"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": _("Paste the article body as it is.")}),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.html,.htm"}),
        help_text=_("One of .txt, .docx, .html"),
    )

    field_order = ["text", "file", "title", "outlet", "byline", "url", "published_at"]


class ReviewForm(forms.Form):
    """One verdict on one claim. The article page holds a single one, moved to the claim being reviewed.

    Sources are rows `source_<n>_<part>`: as many as the reviewer added (the page's "Add a source" button), up to
    MAX_SOURCES; a request with more is refused with a message, never silently cut.
    """

    prefix = "review"
    max_sources = MAX_SOURCES

    verdict = forms.ChoiceField(
        label=_("Verdict"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a verdict."), "invalid_choice": _("That verdict cannot be chosen.")},
    )
    note = StoredTextField(
        label=_("Review note"),
        required=False,
        max_length=limits.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Write the grounds for the verdict.")}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, error_messages={"required": _RELOAD})

    def __init__(self, *args: Any, verdicts: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = [(v, label) for v, label in Review.Verdict.choices if v in verdicts]
        self.dismiss_only = verdicts == [Review.Verdict.DISMISSED]
        self.too_many_sources = False
        if self.dismiss_only:
            self.source_count = 0
            return
        posted = self._posted_source_rows()
        self.too_many_sources = posted > MAX_SOURCES
        # Unbound: two rows, so a reviewer without JavaScript can still cite two sources.
        self.source_count = max(1, min(posted, MAX_SOURCES)) if self.is_bound else 2
        for i in range(1, self.source_count + 1):
            for part, field in _source_fields().items():
                self.fields[f"source_{i}_{part}"] = field

    def _posted_source_rows(self) -> int:
        """The highest source row number the browser sent (rows may be removed from the middle)."""
        if not self.is_bound:
            return 0
        pattern = re.compile(rf"{re.escape(self.add_prefix('source_'))}(\d{{1,4}})_(?:url|title|publisher|excerpt)")
        rows = [int(m.group(1)) for key in self.data if (m := pattern.fullmatch(key))]
        return max(rows, default=0)

    def clean(self) -> dict[str, Any]:
        if self.too_many_sources:
            raise forms.ValidationError(
                gettext("You can attach up to %(n)s sources.") % {"n": MAX_SOURCES}, code="too_many_sources"
            )
        return super().clean()

    def source_rows(self) -> list[list[forms.BoundField]]:
        """Bound fields grouped per source fieldset, for the template."""
        return [[self[f"source_{i}_{part}"] for part in _SOURCE_PARTS] for i in range(1, self.source_count + 1)]

    def empty_source_row(self) -> list[forms.BoundField]:
        """An unbound row numbered `__n__`: the template the page's script copies for "Add a source"."""
        form = forms.Form(prefix=self.prefix)
        for part, field in _source_fields().items():
            form.fields[f"source___n___{part}"] = field
        return [form[f"source___n___{part}"] for part in _SOURCE_PARTS]

    def source_inputs(self) -> list[SourceInput]:
        """Filled source rows only: empty fieldsets are ignored."""
        sources = []
        for i in range(1, self.source_count + 1):
            values = {part: self.cleaned_data.get(f"source_{i}_{part}", "") for part in _SOURCE_PARTS}
            if any(value.strip() for value in values.values()):
                sources.append(SourceInput(**values))
        return sources


def _source_fields() -> dict[str, forms.Field]:
    return {
        "url": StoredTextField(
            label=_("URL"),
            required=False,
            max_length=limits.SOURCE_URL,
            widget=forms.URLInput(attrs={"placeholder": "https://"}),
        ),
        "title": StoredTextField(label=_("Title"), required=False, max_length=limits.SOURCE_TITLE),
        "publisher": StoredTextField(label=_("Publisher"), required=False, max_length=limits.SOURCE_PUBLISHER),
        "excerpt": StoredTextField(
            label=_("Excerpt"),
            required=False,
            max_length=limits.EXCERPT_MAX_CHARS,
            widget=forms.Textarea(attrs={"rows": 2}),
        ),
    }


_VERSION_FIELD = {
    "widget": forms.HiddenInput,
    "min_value": 1,
    "error_messages": {"required": _RELOAD},
}


class CrossCheckForm(forms.Form):
    """The second reviewer's decision on a proposal."""

    decision = forms.ChoiceField(
        label=_("Cross-check"),
        choices=[
            ("confirm", _("Confirm: make this verdict final")),
            ("reject", _("Reject: back to pending review")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose confirm or reject."),
            "invalid_choice": _("That decision cannot be chosen."),
        },
    )
    note = StoredTextField(
        label=_("Note"),
        required=False,
        max_length=limits.NOTE_MAX_CHARS,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("If you reject it, write why. The proposer will see it.")}
        ),
    )
    version = forms.IntegerField(**_VERSION_FIELD)


class ReopenForm(forms.Form):
    reason = StoredTextField(
        label=_("Reason for reopening"),
        required=False,
        max_length=limits.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Write why it needs another review.")}),
    )
    version = forms.IntegerField(**_VERSION_FIELD)


class AssignForm(forms.Form):
    """Editors pick any reviewer (or nobody); the choices are the desk's active reviewers."""

    assignee = forms.ModelChoiceField(
        label=_("Assigned reviewer"),
        queryset=selectors.reviewers(),
        required=False,
        empty_label=_("Nobody"),
        error_messages={"invalid_choice": _NOT_A_REVIEWER},
    )


class ArticleAssignForm(AssignForm):
    assignee = forms.ModelChoiceField(
        label=_("Assign all pending claims"),
        queryset=selectors.reviewers(),
        empty_label=_("Choose a reviewer"),
        error_messages={"required": _("Choose the reviewer to assign."), "invalid_choice": _NOT_A_REVIEWER},
    )


class SplitForm(forms.Form):
    """Where to cut: `at` (an offset into the body, set by the page's script from a click in the sentence), or,
    without JavaScript, the words the second claim starts with."""

    at = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    starts_with = forms.CharField(
        label=_("The words the second claim starts with"),
        required=False,
        max_length=200,
        # The label claims.js gives the clickable sentence (it fills this field), in the page's language.
        widget=forms.TextInput(attrs={"data-split-label": _("Click where to split it: %(sentence)s")}),
        help_text=_("Click where to split the sentence, or type the first few words of the second claim exactly."),
    )
    version = forms.IntegerField(**_VERSION_FIELD)


class SpanForm(forms.Form):
    """A span of the body: `start`/`end` from a selection (the page's script), or the pasted text itself."""

    start = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Claim sentence"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Select the sentence in the body, or copy it from the body and paste it here."),
    )


class RespanForm(SpanForm):
    version = forms.IntegerField(**_VERSION_FIELD)


class MergeForm(forms.Form):
    """Merge this claim with a neighbour; both versions as the page showed them."""

    neighbour = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    version = forms.IntegerField(**_VERSION_FIELD)
    neighbour_version = forms.IntegerField(**_VERSION_FIELD)


class TakeClaimForm(forms.Form):
    """A reviewer takes a free claim (`take`) or gives back their own (`release`)."""

    action = forms.ChoiceField(choices=[("take", pgettext_lazy("claim assignment", "Take")), ("release", _("Release"))])


class ApiTokenForm(forms.Form):
    """A new API token for the signed-in account: what uses it, what it may do, how long it lasts."""

    name = StoredTextField(
        label=_("Name"), max_length=limits.TOKEN_NAME, help_text=_("What uses it, e.g. “CMS verdict feed”.")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    expires_in_days = forms.IntegerField(
        label=_("Days until it expires"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
    )
