"""Every URL pattern of the portal, from the resolver, and the address the matrix opens for
each: object URLs are filled with the ids of organisation A's / municipality X's objects."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
            else:
                yield route, route  # unnamed (the admin's object redirects, its catch-all)


def url_patterns() -> dict[str, str]:
    """Matrix key -> route: the namespaced name, or the route itself for unnamed patterns.

    Walks i18n_patterns, every include and the admin site (each registered ModelAdmin's
    own URLs too), in the default language.
    """
    keys: dict[str, str] = {}
    for key, route in _walk(get_resolver().url_patterns):
        assert key not in keys, f"two URL patterns share the name {key!r}"
        keys[key] = route
    return keys


def _admin_model(name: str):
    """The registered model whose admin URL ``name`` ("grants_application_decide") is."""
    candidates = [
        model
        for model in admin.site._registry
        if name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_")
    ]
    assert candidates, f"no registered model for admin URL {name!r}"
    return max(candidates, key=lambda m: len(m._meta.app_label + m._meta.model_name))


def _admin_url(world, key: str, route: str) -> str:
    if not key.startswith("admin:"):  # unnamed admin pattern
        if route == "admin/(?P<url>.*)$":
            return "/admin/no-such-page/"
        app_label, model_name = route.split("/")[1:3]
        obj = world.admin_objects[f"{app_label}.{model_name}"]
        return f"/admin/{app_label}/{model_name}/{obj.pk}/"
    name = key.removeprefix("admin:")
    site_kwargs = {
        "app_list": {"app_label": "grants"},
        "view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(world.application).pk,
            "object_id": world.application.pk,
        },
        "auth_user_password_change": {"id": world.users["member_a"].pk},
    }
    if name in site_kwargs:
        return reverse(key, kwargs=site_kwargs[name])
    if "<" not in route:
        return reverse(key)
    model = _admin_model(name)
    obj = world.admin_objects[model._meta.label_lower]
    if "<path:object_id>" in route:
        return reverse(key, kwargs={"object_id": obj.pk})
    kwargs = {"pk": obj.pk}
    if "<int:member_pk>" in route:
        kwargs["member_pk"] = world.join_request.pk
    if "<int:document_pk>" in route:
        kwargs["document_pk"] = world.admin_objects["collaborations.collaborationdocument"].pk
    return reverse(key, kwargs=kwargs)


def _register_entry_pk(world) -> int:
    """An entry of X's collaboration register: the admin's object, else the network's."""
    entry = world.admin_objects.get("collaborations.collaboration")
    if entry is None:
        from collaborations.models import Collaboration

        entry = Collaboration.objects.filter(municipality=world.x).order_by("pk").first()
        if entry is None:
            entry = Collaboration.objects.create(
                municipality=world.x, title="Matrisens samverkan", kind="other",
                level="operational",
            )  # fmt: skip
    return entry.pk


def _portal_kwargs(world) -> dict:
    """URL name -> kwargs for the portal's own (and allauth's) parameterised URLs."""
    x, org, application = world.x.slug, world.org_a.pk, world.application.pk
    year = world.document.year
    return {
        "portal:municipality": {"slug": x},
        "insights:dashboard": {"slug": x},
        "insights:dashboard_grants": {"slug": x},
        "insights:dashboard_export": {"slug": x, "fmt": "xlsx"},
        "insights:reports": {"slug": x},
        "insights:report": {"slug": x, "pk": world.dashboard_report.pk},
        "insights:register": {"slug": x},
        "insights:register_gaps": {"slug": x},
        "insights:register_entry": {"slug": x, "pk": _register_entry_pk(world)},
        "insights:focus_area": {"slug": x, "focus": world.admin_objects["portal.focusarea"].slug},
        "organisations:register": {"slug": x},
        "organisations:detail": {"pk": org},
        "organisations:edit": {"pk": org},
        "organisations:resubmit": {"pk": org},
        "organisations:board": {"pk": org, "year": year},
        "organisations:members": {"pk": org, "year": year},
        "organisations:documents": {"pk": org},
        "organisations:document": {"pk": org, "document_pk": world.document.pk},
        "organisations:document_delete": {"pk": org, "document_pk": world.document.pk},
        "organisations:people": {"pk": org},
        "organisations:payout": {"pk": org},
        "organisations:invitation": {"token": world.org_invitation.token},
        "grants:call": {"pk": world.application.call_id},
        "grants:start": {"call_pk": world.application_draft.call_id},
        "grants:granted": {"slug": x},
        "grants:granted_json": {"slug": x},
        "grants:granted_csv": {"slug": x},
        "grants:application": {"pk": application},
        "grants:autosave": {"pk": world.application_draft.pk},
        "grants:receipt": {"pk": application},
        "grants:message": {"pk": application},
        "grants:decision_letter": {"pk": application},
        "grants:decision_letter_pdf": {"pk": application},
        "grants:report": {"pk": application, "number": 1},
        "grants:attachment": {"pk": application, "attachment_pk": world.attachment.pk},
        "grants:host": {"pk": application},
        "grants:host_request": {"pk": world.admin_objects["grants.hostagreement"].pk},
        "grants:invoices": {
            "pk": world.admin_objects["grants.supplierinvoice"].decision.application_id
        },
        "grants:invoice_file": {
            "pk": world.admin_objects["grants.supplierinvoice"].decision.application_id,
            "invoice_pk": world.admin_objects["grants.supplierinvoice"].pk,
        },
        "networks:detail": {"pk": world.network.pk},
        "networks:join": {"pk": world.network.pk},
        "networks:document_upload": {"pk": world.network.pk},
        "networks:document": {"pk": world.network.pk, "document_pk": world.network_document.pk},
        "networks:public_feed": {"pk": world.public_network.pk},
        "networks:member_feed": {"pk": world.network.pk, "token": world.member_feed_token},
        "networks:feed_renew": {"pk": world.network.pk},
        "networks:meeting": {"pk": world.meeting.pk},
        "networks:rsvp": {"pk": world.meeting.pk},
        "networks:meeting_ics": {"pk": world.meeting.pk},
        "networks:action_status": {"pk": world.action.pk},
        "collaborations:organisation": {"pk": org},
        "collaborations:propose": {"pk": org},
        "collaborations:follow_up": {  # A's draft follow-up of X's IOP (A a party)
            "pk": org,
            "agreement_pk": world.admin_objects["collaborations.agreement"].pk,
            "year": world.admin_objects["collaborations.followup"].year,
        },
        "collaborations:document": {
            "pk": world.collaboration.pk,
            "document_pk": world.collaboration_document.pk,
        },
        "collaborations:public": {"slug": x},
        "collaborations:public_detail": {"slug": x, "pk": world.collaboration.pk},
        "collaborations:open_data_json": {"slug": x},
        "collaborations:open_data_csv": {"slug": x},
        "portal:my_data": None,
        "mfa_remove_webauthn": {"pk": world.admin_objects["mfa.authenticator"].pk},
        "mfa_edit_webauthn": {"pk": world.admin_objects["mfa.authenticator"].pk},
        "openid_connect_login": {"provider_id": "matrix-idp"},
        "openid_connect_callback": {"provider_id": "matrix-idp"},
        "account_confirm_email": {"key": "not-a-real-key"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "not-a-real-key"},
        # Volunteering, posts and volunteers (#23): X's public list and post, member A's
        # booking, A's own opportunity
        "volunteering:public_posts": {"slug": x},
        "volunteering:post": {"pk": world.admin_objects["volunteering.post"].pk},
        "volunteering:interest": {"pk": world.volunteer_posts["organisation_post"].pk},
        "volunteering:shift_sign_up": {"pk": world.admin_objects["volunteering.shift"].pk},
        "volunteering:signup_cancel": {"pk": world.volunteer_posts["signup"].pk},
        "volunteering:volunteer_register": {"slug": x},
        "volunteering:volunteer_edit": {"slug": x},
        "volunteering:volunteer_status": {"slug": x},
        "volunteering:volunteer_remove": {"slug": x},
        "volunteering:organisation_posts": {"pk": org},
        "volunteering:organisation_post_new": {"pk": org},
        "volunteering:organisation_post_edit": {
            "pk": org,
            "post_pk": world.volunteer_posts["organisation_post"].pk,
        },
        "volunteering:organisation_post_status": {
            "pk": org,
            "post_pk": world.volunteer_posts["organisation_post"].pk,
        },
        # Volunteering, call-outs (#23): X's sent call-out, A's readiness
        "volunteering:callout": {"pk": world.admin_objects["volunteering.callout"].pk},
        "volunteering:callout_withdraw": {"pk": world.admin_objects["volunteering.callout"].pk},
        "volunteering:readiness": {"pk": org},
        # Volunteering, recognition and figures (#23): X's public thanks, member A's
        # certificate as X's volunteer, the politicians' figures of X
        "volunteering:recognitions": {"slug": x},
        # Information pages, contacts, stories and news (#24): X's published page, story
        # and news item
        "information:overview": {"slug": x},
        "information:page": {"slug": x, "page_slug": world.admin_objects["information.page"].slug},
        "information:contacts": {"slug": x},
        "information:stories": {"slug": x},
        "information:story_propose": {"slug": x},
        "information:story": {"slug": x, "pk": world.admin_objects["information.story"].pk},
        "information:news": {"slug": x},
        "information:news_item": {"slug": x, "pk": world.admin_objects["information.newsitem"].pk},
        "volunteering:certificate": {"slug": x},
        "volunteering:certificate_page": {"slug": x},
        "insights:volunteering": {"slug": x},
        # Open forums and advice times (#24): X's open forum and member A's sign-up to it; X's
        # free advice time and member A's booking
        "networks:forum_signup": {"pk": world.forums_advice["forum"].pk},
        "networks:forum_signup_page": {"token": world.forums_advice["signup"].token},
        "networks:forum_cancel": {"token": world.forums_advice["signup"].token},
        "networks:checkin": {"pk": world.forums_advice["forum"].pk},
        "networks:checkin_mark": {"pk": world.forums_advice["forum"].pk},
        "networks:checkin_export": {"pk": world.forums_advice["forum"].pk, "fmt": "xlsx"},
        "advice:slots": {"slug": x},
        "advice:book": {"pk": world.forums_advice["free_slot"].pk},
        "advice:booking": {"pk": world.admin_objects["advice.advicebooking"].pk},
        "advice:booking_cancel": {"pk": world.admin_objects["advice.advicebooking"].pk},
        # Mailings to segments (#24): the opt-out link of an address that got X's mailing
        "outreach:mailing_opt_out": {"token": _opt_out_token(world)},
        "outreach:mailing_opt_in": {"token": _opt_out_token(world)},
        # Following and alerts (#24): X's page of what one follows, the button on X's public
        # network, the one-click link of member A's alerts from X
        "outreach:follows": {"slug": x},
        "outreach:follow": {"target": "network", "pk": world.public_network.pk},
        "outreach:alerts_stop": {"token": _alerts_stop_token(world)},
        # Surveys and consultations (#24): X's open consultation to a segment that reaches A
        "surveys:survey": {"pk": world.admin_objects["surveys.survey"].pk},
        "surveys:comment": {"pk": world.admin_objects["surveys.survey"].pk},
        "surveys:thanks": {"pk": world.admin_objects["surveys.survey"].pk},
        "surveys:document": {"pk": world.admin_objects["surveys.survey"].pk},
        "surveys:results": {"pk": world.admin_objects["surveys.survey"].pk},
        "surveys:results_export": {"pk": world.admin_objects["surveys.survey"].pk, "fmt": "xlsx"},
    }


def _alerts_stop_token(world) -> str:
    from outreach.services.follows import unsubscribe_token

    return unsubscribe_token(world.users["member_a"].pk, world.x.pk)


def _opt_out_token(world) -> str:
    from outreach.services.mailings import opt_out_token

    return opt_out_token(world.x.pk, "matris.mottagare@example.se")


def matrix_urls(world, *, lenient: bool = False) -> dict[str, str | None]:
    """Matrix key -> the address the matrix requests.

    ``lenient``: a key whose objects the world lacks maps to None instead of raising (the
    every-page benchmark's world is a data set's, which may not hold every kind of object).
    """
    kwargs = _portal_kwargs(world)
    urls = {}
    for key, route in url_patterns().items():
        try:
            if key.startswith("admin:") or route.startswith("admin/"):
                urls[key] = _admin_url(world, key, route)
            elif key == route:  # unnamed, outside the admin: allauth's old addresses
                urls[key] = "/" + route
            else:
                urls[key] = reverse(key, kwargs=kwargs.get(key))
        except Exception:
            if not lenient:
                raise
            urls[key] = None
    return urls
