from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("factcheck.api.urls")),
    # Django's set_language: the footer's language switcher posts here and gets the language cookie back.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("factcheck.web.urls")),
]

handler400 = "factcheck.web.views.errors.bad_request"
handler403 = "factcheck.web.views.errors.permission_denied"
handler404 = "factcheck.web.views.errors.page_not_found"
handler500 = "factcheck.web.views.errors.server_error"
