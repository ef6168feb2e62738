"""What the segments' and mailings' admins share: the choices of the object's own
municipality."""

from portal.models import Municipality


def own_choices(field, kwargs):
    """The choices given here (the object's own municipality), not the wider ones the
    scoped admin puts in their place (every municipality one works in)."""
    if field is not None and "queryset" in kwargs:
        field.queryset = kwargs["queryset"]
    return field


class OwnMunicipalityChoices:
    """Remembers, per request, the municipalities whose rows the form may choose: the
    object's own, or (adding) where the person may write; the superuser's: all."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            request._outreach_municipalities = [obj.municipality_id]
        elif request.user.is_superuser:
            request._outreach_municipalities = list(
                Municipality.objects.values_list("pk", flat=True)
            )
        else:
            request._outreach_municipalities = self.writable_municipalities(request)
        return super().get_form(request, obj, change=change, **kwargs)

    def choice_municipalities(self, request):
        found = getattr(request, "_outreach_municipalities", None)
        return found if found is not None else self.writable_municipalities(request)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        municipalities = self.writable_municipalities(request)
        if len(municipalities) == 1:
            initial.setdefault("municipality", municipalities[0])
        return initial
