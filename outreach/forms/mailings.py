"""The coordinators' admin forms of segments and mailings. They ask the services' questions
(``*_problems``) so a refusal shows by its field with everything typed kept."""

from django import forms

from outreach.models import Mailing, Segment
from outreach.services import mailings as mailing_services
from outreach.services import segments as segment_services


def _add_problems(form, problems: dict) -> None:
    for name, message in problems.items():
        form.add_error(name if name in form.fields else None, message)


def _municipality(form, cleaned):
    return form.instance.municipality if form.instance.pk else cleaned.get("municipality")


class SegmentAdminForm(forms.ModelForm):
    """A segment's description: the registry's dimensions and the networks."""

    class Meta:
        model = Segment
        fields = ["municipality", *segment_services.FIELDS, *segment_services.MANY]

    def clean(self):
        cleaned = super().clean()
        municipality = _municipality(self, cleaned)
        if municipality is not None:
            names = [*segment_services.FIELDS, *segment_services.MANY]
            data = {k: cleaned[k] for k in names if k in cleaned}
            data.setdefault("to_organisations", self.instance.to_organisations)
            data.setdefault("networks", list(self.instance.networks.all()) if self.instance.pk
                            else [])  # fmt: skip
            problems = segment_services.segment_problems(
                municipality=municipality, data=data, segment=self.instance
            )
            _add_problems(self, problems)
        return cleaned

    def validate_unique(self):
        """The name's uniqueness is the service's question (asked in clean)."""


class MailingAdminForm(forms.ModelForm):
    """A mailing's segment, subject and message in Swedish and English."""

    class Meta:
        model = Mailing
        fields = ["municipality", *mailing_services.FIELDS]
        widgets = {
            "body_sv": forms.Textarea(attrs={"rows": 14, "cols": 80}),
            "body_en": forms.Textarea(attrs={"rows": 14, "cols": 80}),
        }

    def clean(self):
        cleaned = super().clean()
        municipality = _municipality(self, cleaned)
        if municipality is not None:
            data = {k: cleaned[k] for k in mailing_services.FIELDS if k in cleaned}
            _add_problems(
                self, mailing_services.mailing_problems(municipality=municipality, data=data)
            )
        return cleaned


class ConfirmForm(forms.Form):
    """A step with nothing to fill in: the page asks, the button confirms."""
