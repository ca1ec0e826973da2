from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from factcheck.api import views
from factcheck.api.permissions import PUBLIC

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
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
]
