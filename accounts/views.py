from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER_OR_COORDINATOR, PUBLIC, SIGNED_IN
from access.restriction import get_object_for
from accounts import listing, services
from accounts.filtersets import UserFilter
from accounts.forms import AcceptInvitationForm, InvitationForm, ProfileForm
from accounts.models import Invitation, Role, User
from directory.models import Contact, State
from enlace.listing import page_links


@PUBLIC
def accept_invitation(request, token):
    invitation = services.find_invitation(token)
    if invitation is None:
        # Same page for unknown, used, revoked and expired: it confirms nothing about anyone.
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password1"]
            )
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        messages.success(request, _("Welcome to Enlace. Your account is ready."))
        return perform_login(request, user, redirect_url="/")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


@MANAGER_OR_COORDINATOR
def state_users(request, iso3):
    """The accounts of a State's points of contact (and, for managers, its coordinators)."""
    principal = request.principal
    state = get_object_for(principal, "administer", State.objects.all(), iso3=iso3)
    can_invite_coordinator = state.pk in principal.managed_state_ids
    form = InvitationForm(request.POST or None, state=state, can_invite_coordinator=can_invite_coordinator)
    # Only contacts this user may change (a manager: those shared with its directories or entered by it).
    changeable_contacts = Contact.objects.restrict(principal, "change").values("pk")
    form.fields["contact"].queryset = form.fields["contact"].queryset.filter(pk__in=changeable_contacts)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(
                principal=principal,
                inviter=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                state=state,
                contact=form.cleaned_data.get("contact")
                if form.cleaned_data["role"] == Role.POINT_OF_CONTACT
                else None,
                language=form.cleaned_data.get("language") or None,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("accounts:state_users", iso3=state.iso3)
    of_state = User.objects.filter(
        Q(contact__institution__state=state) | Q(role_assignments__role=Role.COORDINATOR, role_assignments__state=state)
    )
    users = User.objects.restrict(principal, "manage").filter(pk__in=of_state.values("pk"))
    filters = UserFilter(request.GET or None, queryset=users)
    users = filters.filtered(users)
    sort, descending = listing.SORTING.parse(request.GET.get("sort"))
    page = listing.page_of_users(users.select_related("contact"), sort, descending, request.GET.get("page"))
    invitations = listing.page_of_invitations(
        Invitation.objects.restrict(principal, "manage").pending().filter(state=state).select_related("contact"),
        request.GET.get("invitations_page"),
    )
    return render(
        request,
        "accounts/state_users.html",
        {
            "state": state,
            "filters": filters.form,
            **page_links(page),
            "sort": listing.SORTING.url_value(sort, descending),
            "sort_links": listing.SORTING.links(sort, descending),
            "invitations": invitations,
            "form": form,
        },
    )


@require_POST
@MANAGER_OR_COORDINATOR
def user_set_active(request, code):
    user = get_object_for(request.principal, "manage", User.objects.all(), code=code)
    active = request.POST.get("active") == "1"
    services.set_active(principal=request.principal, user=user, active=active)
    if active:
        messages.success(request, _("%(user)s can sign in again.") % {"user": user})
    else:
        messages.success(request, _("%(user)s can no longer sign in.") % {"user": user})
    back = request.POST.get("back", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("directory:home")


@MANAGER_OR_COORDINATOR
def invitation_revoke(request, code):
    """Withdraw an invitation: a page asks first (its link stops working for good); its form does it."""
    invitation = get_object_for(
        request.principal, "manage", Invitation.objects.select_related("state", "contact"), code=code
    )
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.revoke_invitation(principal=request.principal, invitation=invitation)
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
        return redirect("accounts:state_users", iso3=invitation.state.iso3)
    return render(request, "accounts/invitation_revoke.html", {"invitation": invitation})


@SIGNED_IN
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
