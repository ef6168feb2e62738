"""Volunteer posts' pages: the municipality's public list (its activities' posts and its
organisations' opportunities side by side) and a post's page with its shifts; booking a
shift or joining its waiting list, giving it up, telling a host one is interested; and an
organisation's own opportunities, for the people who act for it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organisations.models import Organisation
from portal.caching import public_page
from portal.forms import add_service_errors
from portal.models import Municipality
from volunteering import permissions
from volunteering.forms.posts import InterestForm, PostForm, PublicPostFilter
from volunteering.models import Interest, Post, Shift, ShiftSignup
from volunteering.selectors import posts as selectors
from volunteering.selectors.volunteers import volunteer_of
from volunteering.services import posts as services
from volunteering.views.volunteers import next_url

PAGE_SIZE = 25


@public_page
def public_posts(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug, is_active=True)
    filterset = PublicPostFilter(
        request.GET, queryset=selectors.published(municipality), municipality=municipality
    )
    rows = selectors.with_list_details(filterset.qs)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = {"municipality": municipality, "filter": filterset, "page": page}
    return render(request, "volunteering/posts/public_list.html", context)


def _visible_post(request, pk) -> Post:
    """A published or closed post; a draft only for its hosts (404 for everyone else)."""
    try:
        post = selectors.post_for_page(pk)
    except Post.DoesNotExist as missing:
        raise Http404 from missing
    if post.status == Post.Status.DRAFT and not permissions.may_run_post(request.user, post):
        raise Http404
    unlisted = post.organisation_id and post.organisation.status != Organisation.Status.APPROVED
    if unlisted and not permissions.may_run_post(request.user, post):
        raise Http404
    return post


def post_detail(request, pk):
    post = _visible_post(request, pk)
    volunteer = volunteer_of(request.user, post.municipality_id)
    shifts = selectors.coming_shifts(post, volunteer)
    interest = None
    if volunteer is not None:
        interest = Interest.objects.filter(post=post, volunteer=volunteer).first()
    context = {
        "post": post,
        "municipality": post.municipality,
        "shifts": shifts,
        "volunteer": volunteer,
        "interest": interest,
        "taking_volunteers": post.status == Post.Status.PUBLISHED,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
    }
    return render(request, "volunteering/posts/detail.html", context)


def _register_first(request, post: Post, back: str):
    """Someone who is not a volunteer of the post's municipality signs up there first."""
    messages.info(
        request,
        _("Sign up as a volunteer in %(name)s first; then you come back here.")
        % {"name": post.municipality.name},
    )
    url = reverse("volunteering:volunteer_register", args=[post.municipality.slug])
    return redirect(f"{url}?{urlencode({'next': back})}")


@login_required
@require_POST
def sign_up(request, pk):
    shift = get_object_or_404(Shift.objects.select_related("post__municipality"), pk=pk)
    post = _visible_post(request, shift.post_id)
    back = reverse("volunteering:post", args=[post.pk])
    volunteer = volunteer_of(request.user, post.municipality_id)
    if volunteer is None:
        return _register_first(request, post, back)
    try:
        signup = services.shift_sign_up(shift=shift, volunteer=volunteer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        when = formats.date_format(timezone.localtime(shift.starts_at), "DATETIME_FORMAT")
        if signup.status == ShiftSignup.Status.CONFIRMED:
            messages.success(
                request,
                _("You are booked for the shift %(when)s. We have sent you an email.")
                % {"when": when},
            )
        else:
            messages.warning(
                request,
                _("The shift %(when)s is full: you are number %(position)s on the waiting "
                  "list. We email you if a place becomes free.")
                % {"when": when, "position": services.waiting_position(signup)},
            )  # fmt: skip
    return redirect(f"{back}#shift-{shift.pk}")


@login_required
@require_POST
def cancel(request, pk):
    signup = get_object_or_404(
        ShiftSignup.objects.select_related("shift__post"), pk=pk, volunteer__user=request.user
    )
    was_booked = signup.status == ShiftSignup.Status.CONFIRMED
    try:
        services.signup_cancel(signup=signup, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You have given up your place on the shift.")
            if was_booked
            else _("You have left the waiting list."),
        )
    return redirect(next_url(request, reverse("volunteering:mine")))


@login_required
def interest(request, pk):
    post = _visible_post(request, pk)
    back = reverse("volunteering:post", args=[post.pk])
    volunteer = volunteer_of(request.user, post.municipality_id)
    if volunteer is None:
        return _register_first(request, post, reverse("volunteering:interest", args=[post.pk]))
    sent = Interest.objects.filter(post=post, volunteer=volunteer).first()
    form = InterestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and sent is None and form.is_valid():
        try:
            services.interest_send(
                post=post, volunteer=volunteer, by=request.user,
                message=form.cleaned_data["message"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you! %(contact)s has been told and will contact you.")
                % {"contact": post.contact_name},
            )
            return redirect(back)
    context = {"post": post, "form": form, "sent": sent, "volunteer": volunteer,
               "problem": services.interest_problem(post, volunteer)}  # fmt: skip
    return render(request, "volunteering/posts/interest.html", context)


# --- an organisation's own opportunities ----------------------------------------------------


def _acting_for(user, pk) -> Organisation:
    """The organisation, if ``user`` acts for it; 404 otherwise."""
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    if not permissions.may_act_for(user, organisation):
        raise Http404
    return organisation


@login_required
def organisation_posts(request, pk):
    organisation = _acting_for(request.user, pk)
    context = {
        "organisation": organisation,
        "posts": selectors.organisation_posts(organisation),
        "approved": organisation.status == Organisation.Status.APPROVED,
    }
    return render(request, "volunteering/posts/organisation.html", context)


def _post_form_page(request, organisation, post=None):
    form = PostForm(request.POST or None, instance=post, municipality=organisation.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            if post is None:
                services.post_create(by=request.user, organisation=organisation,
                                     data=form.post_data())  # fmt: skip
            else:
                services.post_update(post=post, by=request.user, data=form.post_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The opportunity has been saved. Publish it when it is ready to be shown.")
                if post is None
                else _("The opportunity has been saved."),
            )
            return redirect("volunteering:organisation_posts", organisation.pk)
    context = {"organisation": organisation, "form": form, "post": post}
    return render(request, "volunteering/posts/organisation_form.html", context)


@login_required
def organisation_post_new(request, pk):
    return _post_form_page(request, _acting_for(request.user, pk))


@login_required
def organisation_post_edit(request, pk, post_pk):
    organisation = _acting_for(request.user, pk)
    post = get_object_or_404(Post, pk=post_pk, organisation=organisation)
    return _post_form_page(request, organisation, post)


@login_required
@require_POST
def organisation_post_status(request, pk, post_pk):
    organisation = _acting_for(request.user, pk)
    post = get_object_or_404(Post, pk=post_pk, organisation=organisation)
    status = request.POST.get("status", "")
    try:
        services.post_set_status(post=post, status=status, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        texts = {
            Post.Status.PUBLISHED: _("“%(title)s” is published in the public list."),
            Post.Status.CLOSED: _("“%(title)s” is closed: it is no longer listed."),
        }
        messages.success(request, texts[status] % {"title": post.title})
    return redirect("volunteering:organisation_posts", organisation.pk)


urlpatterns = [
    path(gettext_lazy("municipality/<slug:slug>/posts/"), public_posts, name="public_posts"),
    path(gettext_lazy("posts/<int:pk>/"), post_detail, name="post"),
    path(gettext_lazy("posts/<int:pk>/interest/"), interest, name="interest"),
    path(gettext_lazy("shifts/<int:pk>/sign-up/"), sign_up, name="shift_sign_up"),
    path(gettext_lazy("sign-ups/<int:pk>/cancel/"), cancel, name="signup_cancel"),
    path(
        gettext_lazy("organisation/<int:pk>/posts/"),
        organisation_posts,
        name="organisation_posts",
    ),
    path(
        gettext_lazy("organisation/<int:pk>/posts/new/"),
        organisation_post_new,
        name="organisation_post_new",
    ),
    path(
        gettext_lazy("organisation/<int:pk>/posts/<int:post_pk>/"),
        organisation_post_edit,
        name="organisation_post_edit",
    ),
    path(
        gettext_lazy("organisation/<int:pk>/posts/<int:post_pk>/status/"),
        organisation_post_status,
        name="organisation_post_status",
    ),
]
