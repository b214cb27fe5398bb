"""The API's pages: its keys (``/api/keys/``) and its documentation (``/api/docs/``)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from dueregard.api.audit_codes import API_KEY_LIST_VIEWED
from dueregard.api.forms import ApiKeyForm, RevokeForm
from dueregard.api.keys import issue_key, revoke_key
from dueregard.api.models import ApiKey
from dueregard.audit.services import log
from dueregard.core.errors import FieldErrors, NotPermitted
from dueregard.core.formviews import add_field_errors, form_view
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can

#: The schema and Swagger UI (served from the sidecar's static files, no CDN): signed in.
schema = login_required(SpectacularAPIView.as_view())
docs = login_required(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html")
)


@require_GET
@member_required(Can.MANAGE_API_KEYS)
def key_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    keys = ApiKey.objects.visible_to(membership).select_related("for_member__user", "created_by")
    log(membership, API_KEY_LIST_VIEWED, object_type="api_key_list")
    return render(request, "api/keys.html", {"keys": keys})


@require_http_methods(["GET", "POST"])
@member_required(Can.MANAGE_API_KEYS)
def key_add(request: HttpRequest) -> HttpResponse:
    """Issue a key; its token is on the answer to the POST and nowhere else, ever."""
    membership = membership_of(request)
    form = ApiKeyForm(
        request.POST if request.method == "POST" else None,
        organisation_id=membership.organisation_id,
        may_read_cases=membership.can(Can.ISSUE_CASE_READING_KEYS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            issued = issue_key(
                membership,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_days=form.cleaned_data["expires_days"],
                for_member=form.cleaned_data["for_member"],
            )
        except FieldErrors as error:
            add_field_errors(form, error)
        except NotPermitted as error:
            # Only the DSL issues keys that read cases: refused and audited as a denial.
            deny(request, Can.ISSUE_CASE_READING_KEYS.description)
            form.add_error("scopes", str(error))
            return render(request, "api/key_add.html", {"form": form}, status=403)
        else:
            return render(
                request, "api/key_issued.html", {"key": issued.key, "token": issued.token}
            )
    status = 400 if form.errors else 200
    return render(request, "api/key_add.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@member_required(Can.MANAGE_API_KEYS)
def key_revoke(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    key = get_object_for(ApiKey.objects.visible_to(membership), membership, public_id)
    form = RevokeForm(request.POST if request.method == "POST" else None)

    def apply() -> str:
        revoke_key(membership, key)
        return _("Key revoked.")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="api/key_revoke.html",
        success_url="api:keys",
        context={"key": key},
        refusal=_("This key has already been revoked.") if key.is_revoked else "",
    )
