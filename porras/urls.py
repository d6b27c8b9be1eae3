from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from porras.core import views as core_views

admin.site.site_header = _("Porras administration")
admin.site.site_title = _("Porras administration")
admin.site.index_title = _("Configuration")

urlpatterns = [
    path("", include("porras.home.urls")),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("porras.people.urls")),
    path("", include("porras.clients.urls")),
    path("", include("porras.audit.urls")),
    path("", include("porras.intake.urls")),
    path("", include("porras.benefits.urls")),
    path("", include("porras.casework.urls")),
    path("", include("porras.activation.urls")),
    path("", include("porras.handbook.urls")),
    path("", include("porras.insight.urls")),
    path("api/v1/", include("porras.api_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "porras.core.views.bad_request"
handler403 = "porras.core.views.permission_denied"
handler404 = "porras.core.views.page_not_found"
handler500 = "porras.core.views.server_error"
