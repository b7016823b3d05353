from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import dashboards.urls
import funnel.urls
import stores.urls
from accounts.access import login_only, public
from accounts.forms import PasswordChangeForm
from dashboards import landing
from inventory import urls as inventory_urls
from promotions import urls_stock

from . import views

api_v1 = [
    path("", include("funnel.api.urls")),
    path("", include("alerts.api.urls")),
    path("", include("dashboards.api.urls")),
    path("", include("inventory.api.urls")),
    path("", include("promotions.api.urls")),
    path("", include("assessments.api.urls")),
    path("", include("rotas.api.urls")),
    path("", include("staffing.api.urls")),
]

# The admin's header and tab title name opsplan, not Django.
admin.site.site_header = _("opsplan administration")
admin.site.site_title = _("opsplan administration")

urlpatterns = [
    path("", landing.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("jsi18n/", public(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("accounts/login/", public(auth_views.LoginView.as_view()), name="login"),
    path("accounts/logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password/",
        login_only(
            auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm, success_url="/accounts/password/done/")
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        login_only(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    # A store's page and the plan pages show the stage status: the dashboards serve them, under the names and at the
    # URLs of the stores' and the funnel's pages.
    path("stores/", include((stores.urls.urlpatterns + dashboards.urls.store_pages, stores.urls.app_name))),
    path("orders/", include("orders.urls")),
    path("alerts/", include("alerts.urls")),
    path("dashboards/", include("dashboards.urls")),
    # The inventory's pages that read the promotions ahead live with promotions (the stock plan), under the same names.
    path("inventory/", include((inventory_urls.urlpatterns + urls_stock.urlpatterns, inventory_urls.app_name))),
    path("promotions/", include("promotions.urls")),
    path("assessments/", include("assessments.urls")),
    path("rotas/", include("rotas.urls")),
    path("staffing/", include("staffing.urls")),
    path("briefings/", include("briefings.urls")),
    path("team/", include("team.urls")),
    path("", include((funnel.urls.urlpatterns + dashboards.urls.plan_pages, funnel.urls.app_name))),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", public(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
]

handler400 = "opsplan.views.bad_request"
handler404 = "opsplan.views.not_found"
handler500 = "opsplan.views.server_error"
