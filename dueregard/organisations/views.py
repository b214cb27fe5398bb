"""Choosing the current organisation; its members, sites and safeguarding settings.

Members, sites and settings are for the DSL and administrators only. Pages that show
members' names and email addresses write an audit event, as the people directory does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.audit.services import log
from dueregard.core.formviews import form_view
from dueregard.organisations import audit_codes as codes
from dueregard.organisations import members as members_service
from dueregard.organisations import services
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.forms import (
    AddMemberForm,
    ChangeMemberForm,
    SettingsForm,
    SiteForm,
    SwitchForm,
)
from dueregard.organisations.members import MemberTerms
from dueregard.organisations.middleware import SESSION_KEY
from dueregard.organisations.models import Membership, Site
from dueregard.organisations.permissions import Can
from dueregard.organisations.services import update_settings

managers_only = member_required(Can.MANAGE_ORGANISATION)


@require_http_methods(["GET", "POST"])
@member_required()
def switch(request: HttpRequest) -> HttpResponse:
    """Pick which of one's organisations to work in (stored in the session)."""
    memberships = (
        Membership.across_organisations.active()
        .filter(user_id=membership_of(request).user_id)
        .select_related("organisation")
    )
    form = SwitchForm(request.POST or None)
    form.fields["membership"].choices = [  # type: ignore[attr-defined]
        (str(m.public_id), f"{m.organisation.name} ({m.get_role_display()})") for m in memberships
    ]
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["membership"]
        return redirect("home")
    return render(request, "organisations/switch.html", {"form": form})


@require_http_methods(["GET", "POST"])
@managers_only
def settings_view(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    organisation = membership.organisation
    form = SettingsForm(
        request.POST or None,
        initial={
            "triage_target_hours": organisation.triage_target_hours,
            "emergency_target_minutes": organisation.emergency_target_minutes,
            "review_interval_hours": organisation.review_interval_hours,
            "privileged_factor": organisation.privileged_factor,
        },
    )

    def apply() -> str:
        update_settings(membership, **form.cleaned_data)
        return "Settings saved."

    return form_view(
        request,
        form=form,
        apply=apply,
        template="organisations/settings.html",
        success_url="organisations:settings",
        context={"section": "settings"},
    )


# --- Members ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    """One line of the members table."""

    member: Membership
    status: str
    status_colour: str
    last_day: date | None
    may_change: bool

    @classmethod
    def of(cls, member: Membership, viewer: Membership, today: date) -> MemberRow:
        last_day = members_service.last_day_of_access(member.expires_at)
        if not member.user.is_active:
            status, colour = _("Account disabled"), "grey"
        elif not member.is_active:
            status, colour = _("Deactivated"), "grey"
        elif last_day is not None and last_day < today:
            status, colour = _("Access ended"), "grey"
        else:
            status, colour = _("Active"), "green"
        return cls(
            member=member,
            status=status,
            status_colour=colour,
            last_day=last_day,
            may_change=services.may_change_member(viewer, member),
        )


#: Members shown on one page of the members list.
MEMBERS_PER_PAGE = 50


def _page_of(paginator: Paginator[Membership], number: str | None) -> Page[Membership]:
    """The page asked for; a missing, malformed or out-of-range number gives page 1."""
    try:
        return paginator.page(number or 1)
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1)


@require_GET
@managers_only
def members(request: HttpRequest) -> HttpResponse:
    """Everyone with a membership of the organisation, active or not, by name, 50 a page."""
    membership = membership_of(request)
    today = timezone.localdate()
    everyone = (
        Membership.objects.filter(organisation_id=membership.organisation_id)
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )
    page = _page_of(Paginator(everyone, MEMBERS_PER_PAGE), request.GET.get("page"))
    rows = [MemberRow.of(member, membership, today) for member in page.object_list]
    log(
        membership,
        codes.MEMBERS_VIEWED,
        object_type="membership_list",
        context={"page": page.number},
    )
    return render(
        request,
        "organisations/members.html",
        {
            "rows": rows,
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "section": "members",
        },
    )


@require_http_methods(["GET", "POST"])
@managers_only
def member_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    roles = services.roles_grantable_by(membership)
    form = AddMemberForm(roles, request.POST if request.method == "POST" else None)

    def apply() -> str:
        member = members_service.add_member(
            membership,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            terms=form.terms(),
        )
        return _added_message(request, member)

    return form_view(
        request,
        form=form,
        apply=apply,
        template="organisations/member_add.html",
        success_url="organisations:members",
        context={"section": "members"},
    )


def _added_message(request: HttpRequest, member: Membership) -> str:
    if member.user.has_usable_password():
        return _("Member added. They sign in with the password they already have.")
    return _(
        'Member added. They have no password yet: ask them to choose "Forgotten your '
        'password?" on the sign-in page and enter their email address, or to go to %(url)s.'
    ) % {"url": request.build_absolute_uri(reverse("account_reset_password"))}


@require_http_methods(["GET", "POST"])
@managers_only
def member_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    member = get_object_for(Membership.objects.select_related("user"), membership, public_id)
    may_change = services.may_change_member(membership, member)
    roles = services.roles_grantable_by(membership)
    if request.method == "POST":
        if not may_change:
            raise deny(request, "change a safeguarding lead's membership")
        form = ChangeMemberForm(roles, request.POST, current=MemberTerms.of(member))
    else:
        # The page shows the member's name and email address.
        log(membership, codes.MEMBER_VIEWED, member)
        form = ChangeMemberForm(roles, initial=ChangeMemberForm.initial_for(member))

    def apply() -> str:
        members_service.change_member(
            membership, member, terms=form.terms(), is_active=form.cleaned_data["is_active"]
        )
        return _("Membership saved.")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="organisations/member_edit.html",
        success_url="organisations:members",
        context={
            "member": member,
            "is_self": member.pk == membership.pk,
            "may_change": may_change,
            "section": "members",
        },
    )


# --- Sites ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@managers_only
def sites(request: HttpRequest) -> HttpResponse:
    """The organisation's sites, and a form to add one."""
    membership = membership_of(request)
    form = SiteForm(request.POST if request.method == "POST" else None)

    def apply() -> str:
        services.add_site(membership, name=form.cleaned_data["name"])
        return _("Site added.")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="organisations/sites.html",
        success_url="organisations:sites",
        context={
            "sites": Site.objects.visible_to(membership).order_by("name"),
            "section": "sites",
        },
    )


@require_http_methods(["GET", "POST"])
@managers_only
def site_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    site = get_object_for(Site.objects.visible_to(membership), membership, public_id)
    form = SiteForm(request.POST if request.method == "POST" else None, initial={"name": site.name})

    def apply() -> str:
        services.rename_site(membership, site, name=form.cleaned_data["name"])
        return _("Site renamed.")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="organisations/site_edit.html",
        success_url="organisations:sites",
        context={"site": site, "section": "sites"},
    )
