"""Property tests of organisation registration and editing through the real views: whatever
is POSTed, the portal never answers 500, an invalid form comes back with its errors shown,
and an invalid edit leaves the registered organisation as it was."""

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from organisations.models import Organisation
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.security import hostile_input as hostile

pytestmark = pytest.mark.django_db
ALLOWED = {200, 302, 400, 403, 404}
PROPERTY = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# A browser always sends the CSRF field, so a real POST is never empty (the views bind
# ``request.POST or None``).
BROWSER = {"csrfmiddlewaretoken": "x"}
VALID = {
    "kind": "association",
    "name": "Älta Schackklubb",
    "legal_form": "ideell_forening",
    "organisation_number": "8020028711",
    "purpose": "Schack för alla åldrar.",
    "contact_name": "Sara Schack",
    "contact_email": "sara@example.se",
    "attest_values": "on",
    "listed_in_directory": "on",
}

overrides = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.one_of(st.sampled_from(["association", "informal_group"]), hostile.any_text),
        "name": hostile.any_text,
        "legal_form": st.one_of(
            st.sampled_from(["stiftelse", "ekonomisk_forening"]), hostile.any_text
        ),
        "organisation_number": hostile.organisation_numbers,
        "purpose": hostile.any_text,
        "district": hostile.numbers,
        "activity_areas": st.lists(hostile.any_text, max_size=3),
        "focus_areas": st.lists(hostile.numbers, max_size=3),
        "target_groups": st.lists(hostile.numbers, max_size=3),
        "street_address": hostile.any_text,
        "postal_code": hostile.any_text,
        "city": hostile.any_text,
        "email": hostile.emails,
        "phone": hostile.any_text,
        "website": hostile.any_text,
        "contact_name": hostile.any_text,
        "contact_email": hostile.emails,
        "contact_phone": hostile.any_text,
        "has_drug_policy": hostile.any_text,
        "attest_values": hostile.any_text,
    },
)
form_data = st.tuples(st.sets(st.sampled_from(sorted(VALID))), overrides, hostile.extra_fields).map(
    lambda parts: {
        **parts[2],
        **{k: v for k, v in VALID.items() if k not in parts[0]},
        **parts[1],
    }
)


def shows_errors(response) -> bool:
    page = response.content.decode()
    return bool(response.context["form"].errors) and (
        'id="form-errors"' in page or 'aria-invalid="true"' in page
    )


def snapshot(organisation) -> dict:
    organisation = Organisation.objects.get(pk=organisation.pk)
    fields = model_to_dict(organisation, exclude=["activity_areas", "focus_areas", "target_groups"])
    fields["values_attested_at"] = organisation.values_attested_at
    fields["updated_at"] = organisation.updated_at
    for name in ("activity_areas", "focus_areas", "target_groups"):
        fields[name] = sorted(getattr(organisation, name).values_list("pk", flat=True))
    return fields


@PROPERTY
@given(data=form_data)
def test_registration_never_fails_and_invalid_input_is_shown_as_errors(db, data):
    municipality = MunicipalityFactory()
    client = Client()
    client.force_login(UserFactory())
    before = Organisation.objects.count()
    url = reverse("organisations:register", args=[municipality.slug])
    response = client.post(url, {**BROWSER, **data})
    event(f"HTTP {response.status_code}")
    assert response.status_code in ALLOWED
    if response.status_code == 302:
        organisation = Organisation.objects.get(municipality=municipality)
        assert "\x00" not in organisation.name + organisation.purpose
    else:
        assert Organisation.objects.count() == before  # nothing half-registered
        if response.status_code == 200:
            assert shows_errors(response)


@PROPERTY
@given(data=form_data)
def test_an_invalid_edit_keeps_the_registered_organisation_unchanged(db, data):
    membership = MembershipFactory(role="responsible")
    organisation = membership.organisation
    client = Client()
    client.force_login(membership.user)
    before = snapshot(organisation)
    response = client.post(
        reverse("organisations:edit", args=[organisation.pk]), {**BROWSER, **data}
    )
    event(f"HTTP {response.status_code}")
    assert response.status_code in ALLOWED
    if response.status_code != 302:
        assert snapshot(organisation) == before
    if response.status_code == 200:
        assert shows_errors(response)
        name = data.get("name", "")
        if isinstance(name, str) and name.isalnum() and len(name) <= 200:
            assert f'value="{name}"' in response.content.decode()  # typed input is kept
