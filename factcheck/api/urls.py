from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from factcheck.api import views
from factcheck.api.permissions import PUBLIC

app_name = "api"


class IdConverter:
    """An `{id}` in a path: at most 18 digits, so it always fits the database's integer (PostgreSQL bigint,
    SQLite's 64 bits) instead of overflowing it; `0.5`, `-1` or 30 digits match no route (the JSON 404 below).
    """

    regex = "[0-9]{1,18}"  # the schema says so: SPECTACULAR_SETTINGS["PATH_CONVERTER_OVERRIDES"]

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, views.ID_CONVERTER)

# Paths with converters (not regexes), so that `{id}` is IdConverter.
router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_root_view = False
router.include_format_suffixes = False  # `?format=json` (or Accept) chooses the format; `/claims/5.json` is a 404
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    path("", include(router.urls)),
    # Newsroom systems exchange a desk account's username/password for a token once, then send
    # `Authorization: Token <key>`.
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=PUBLIC), name="schema"),
    # The split view serves its start-up script as a file (?script): the CSP allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", permission_classes=PUBLIC, template_name="factcheck/api_docs.html"
        ),
        name="docs",
    ),
    # Last: every other address under /api/ answers the API's JSON 404 instead of Django's HTML page.
    re_path(r"^", views.NotFoundView.as_view(), name="not-found"),
]
