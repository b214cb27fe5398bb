from django.urls import include, path

from dueregard.accounts import views as accounts_views
from dueregard.core import views as core_views
from dueregard.reports import views as reports_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("hidden", core_views.hidden, name="hidden"),
    path("prevent/", reports_views.prevent, name="prevent"),
    path("accounts/security/", include("dueregard.accounts.urls")),
    # Sign-in addresses are set by the organisation, never by their holder: allauth's
    # email page would let anyone claim an address a DSL later invites (docs/security.md).
    path("accounts/email/", accounts_views.no_email_management),
    path("accounts/", include("allauth.urls")),
    path("organisation/", include("dueregard.organisations.urls")),
    path("people/", include("dueregard.people.urls")),
    path("concerns/", include("dueregard.concerns.urls")),
    path("cases/", include("dueregard.cases.urls")),
    path("referrals/sharing-log/", include("dueregard.sharing.urls")),
    path("referrals/", include("dueregard.referrals.urls")),
    path("contacts/", include("dueregard.contacts.urls")),
    path("channel/", include("dueregard.channel.urls")),
    path("risks/", include("dueregard.risks.urls")),
    path("risks/", include("dueregard.actions.urls")),
    path("prevent-policy/", include("dueregard.policydoc.urls")),
    path("training/", include("dueregard.training.urls")),
    path("events/", include("dueregard.events.urls")),
    path("policies/", include("dueregard.policies.urls")),
    path("partnership/", include("dueregard.partnership.urls")),
    path("checks/", include("dueregard.checks.urls")),
    path("alerts/", include("dueregard.notifications.urls")),
    path("dashboard/", include("dueregard.reports.urls")),
    path("api/", include("dueregard.api.urls")),
]
