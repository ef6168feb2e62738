"""The municipality's information for everyone (no login): the overview ("Ta del av
helheten"), each page, the contact directory, the stories of good practice and the news;
and the page where an association's people propose a story."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from information import permissions
from information.forms.stories import StoryProposalForm
from information.models import Contact, Page
from information.selectors import public as selectors
from information.services import stories as story_services
from portal.caching import public_page
from portal.forms import add_service_errors
from portal.models import District, FocusArea, Municipality

PAGE_SIZE = 20
LATEST = 3


def _municipality(slug) -> Municipality:
    return get_object_or_404(Municipality, slug=slug, is_active=True)


def _chosen(model, municipality, value):
    """The filter's choice by slug (none when empty or not the municipality's)."""
    if not value:
        return None
    return model.objects.filter(municipality=municipality, slug=value).first()


@public_page
def overview(request, slug):
    """Ta del av helheten: the policy, how we collaborate, what we want per focus area, the
    latest news and stories, and the way to the contacts."""
    municipality = _municipality(slug)
    pages = list(selectors.published_pages(municipality))
    context = {
        "municipality": municipality,
        "policy": next((p for p in pages if p.kind == Page.Kind.POLICY), None),
        "how": next((p for p in pages if p.kind == Page.Kind.HOW), None),
        "other_pages": [p for p in pages if p.kind == Page.Kind.OTHER],
        "goals": selectors.goals(municipality),
        "news": selectors.published_news(municipality)[:LATEST],
        "stories": selectors.published_stories(municipality)[:LATEST],
    }
    return render(request, "information/overview.html", context)


@public_page
def page(request, slug, page_slug):
    municipality = _municipality(slug)
    found = get_object_or_404(selectors.published_pages(municipality), slug=page_slug)
    return render(request, "information/page.html", {"municipality": municipality, "page": found})


@public_page
def contacts(request, slug):
    """The contact directory by focus area and administration, politicians by committee."""
    municipality = _municipality(slug)
    context = {
        "municipality": municipality,
        "directory": selectors.directory(municipality),
        "responsibilities": Contact.Responsibility,
    }
    return render(request, "information/contacts.html", context)


@public_page
def stories(request, slug):
    municipality = _municipality(slug)
    area = _chosen(FocusArea, municipality, request.GET.get("fokusomrade"))
    district = _chosen(District, municipality, request.GET.get("omrade"))
    found = selectors.published_stories(municipality, focus_area=area, district=district)
    context = {
        "municipality": municipality,
        "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("sida")),
        "areas": FocusArea.objects.filter(municipality=municipality).order_by("ordering", "name"),
        "districts": District.objects.filter(municipality=municipality).order_by(
            "ordering", "name"
        ),
        "area": area,
        "district": district,
    }
    return render(request, "information/stories.html", context)


@public_page
def story(request, slug, pk):
    municipality = _municipality(slug)
    found = selectors.story_for_public(municipality, pk)
    if found is None:
        raise Http404
    return render(request, "information/story.html", {"municipality": municipality, "story": found})


@public_page
def news(request, slug):
    municipality = _municipality(slug)
    area = _chosen(FocusArea, municipality, request.GET.get("fokusomrade"))
    found = selectors.published_news(municipality, focus_area=area)
    context = {
        "municipality": municipality,
        "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("sida")),
        "areas": FocusArea.objects.filter(municipality=municipality).order_by("ordering", "name"),
        "area": area,
    }
    return render(request, "information/news.html", context)


@public_page
def news_item(request, slug, pk):
    municipality = _municipality(slug)
    found = selectors.news_for_public(municipality, pk)
    if found is None:
        raise Http404
    return render(
        request, "information/news_item.html", {"municipality": municipality, "item": found}
    )


@login_required
def story_propose(request, slug):
    """An association's people propose a story; it waits for the municipality's approval."""
    municipality = _municipality(slug)
    organisations = permissions.proposing_organisations(request.user, municipality)
    form = None
    if organisations.exists():
        form = StoryProposalForm(
            request.POST or None, municipality=municipality, organisations=organisations
        )
        if request.method == "POST" and form.is_valid():
            try:
                story_services.story_propose(
                    organisation=form.cleaned_data["organisation"],
                    by=request.user,
                    data=form.service_data(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you! The story awaits the municipality's approval: you will be "
                      "told by email when it is published."),
                )  # fmt: skip
                return redirect("information:stories", municipality.slug)
    return render(
        request, "information/story_propose.html", {"municipality": municipality, "form": form}
    )


urlpatterns = [
    path("<slug:slug>/", overview, name="overview"),
    path(_lazy("<slug:slug>/pages/<slug:page_slug>/"), page, name="page"),
    path(_lazy("<slug:slug>/contacts/"), contacts, name="contacts"),
    path(_lazy("<slug:slug>/stories/"), stories, name="stories"),
    path(_lazy("<slug:slug>/stories/propose/"), story_propose, name="story_propose"),
    path(_lazy("<slug:slug>/stories/<int:pk>/"), story, name="story"),
    path(_lazy("<slug:slug>/news/"), news, name="news"),
    path(_lazy("<slug:slug>/news/<int:pk>/"), news_item, name="news_item"),
]
