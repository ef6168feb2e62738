"""``{% load following %}{% follow_button obj %}``: the "Follow" / "Stop following" button
of a focus area, district, network or organisation on its own page (another app's
template includes it with one line). Anonymous visitors see "Log in to follow"; things
that cannot be followed (an invite-only network) show nothing."""

from django import template

from outreach.selectors import follows as selectors

register = template.Library()


@register.inclusion_tag("outreach/follows/_button.html", takes_context=True)
def follow_button(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    target = selectors.target_name(obj)
    followable = bool(
        target and selectors.followable(target, obj.municipality_id).filter(pk=obj.pk).exists()
    )
    return {
        "followable": followable,
        "user": user,
        "target": target,
        "pk": obj.pk,
        "name": str(obj),
        "municipality_slug": obj.municipality.slug if followable else "",
        "following": followable and selectors.is_following(user, obj),
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
