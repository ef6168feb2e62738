"""The board form keeps every person typed in (#19): it has room for more people than are
saved, an untouched row is left out rather than refused, and rows sent past the ones the form
counts are shown again with a message instead of being dropped without a word."""

import re

import pytest
from django.urls import reverse

from organisations import services
from organisations.forms import BOARD_EMPTY_ROWS
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

BOARD = [("Anna Andersson", "chair", "on"), ("Bertil Berg", "treasurer", "")]
BOARD += [("Cecilia Ek", "secretary", ""), ("Dagny Dahl", "member", "")]


def board_url(membership, year=2026):
    return reverse("organisations:board", args=[membership.organisation.pk, year])


def post_data(rows, total, initial=0):
    """The form as the page sends it: ``total`` rows, the first ``len(rows)`` filled in, the
    others untouched (no name, no role chosen)."""
    data = {"form-TOTAL_FORMS": total, "form-INITIAL_FORMS": initial}
    for i in range(total):
        name, role, signatory = rows[i] if i < len(rows) else ("", "", "")
        data |= {f"form-{i}-full_name": name, f"form-{i}-role": role}
        if signatory:
            data[f"form-{i}-is_signatory"] = signatory
    return data


def saved_names(membership, year=2026):
    members = membership.organisation.board_members.filter(year=year)
    return sorted(members.values_list("full_name", flat=True))


def test_the_form_has_room_for_more_people_than_are_saved(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    formset = client.get(board_url(membership)).context["formset"]
    assert formset.total_form_count() == BOARD_EMPTY_ROWS
    rows = [
        {"full_name": name, "role": role, "is_signatory": bool(signatory)}
        for name, role, signatory in BOARD
    ]
    services.board_save(organisation=membership.organisation, year=2026, members=rows, by=None)
    response = client.get(board_url(membership))
    assert response.context["formset"].total_form_count() == len(BOARD) + BOARD_EMPTY_ROWS
    page = response.content.decode()
    assert 'data-expandable data-min-rows="3" data-add-text="Lägg till en person"' in page
    assert "js/rows.js" in page
    assert '<option value="" selected>Välj roll</option>' in page  # no role until chosen


def test_a_fourth_person_is_saved_and_untouched_rows_are_left_out(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(board_url(membership), post_data(BOARD, total=BOARD_EMPTY_ROWS))
    assert response.status_code == 302
    assert saved_names(membership) == sorted(name for name, _role, _sign in BOARD)


def test_rows_sent_past_the_counted_ones_are_shown_again_not_dropped(client):
    """A page that sent four people while its management form counted three (a row added in
    the browser, or an old page) used to save three and say nothing of the fourth."""
    membership = MembershipFactory()
    client.force_login(membership.user)
    data = post_data(BOARD, total=4) | {"form-TOTAL_FORMS": 3}

    response = client.post(board_url(membership), data)

    assert response.status_code == 200
    assert saved_names(membership) == []
    formset = response.context["formset"]
    assert formset.total_form_count() == 4
    assert formset.forms[3]["full_name"].value() == "Dagny Dahl"
    page = response.content.decode()
    assert "Formuläret skickades med fler rader än det räknade med." in page
    assert 'value="Dagny Dahl"' in page
    total = re.search(r'name="form-TOTAL_FORMS" value="(\d+)"', page)[1]
    # Sent again as the page now stands, everybody is saved.
    assert client.post(board_url(membership), data | {"form-TOTAL_FORMS": total}).status_code == 302
    assert saved_names(membership) == sorted(name for name, _role, _sign in BOARD)


def test_a_row_with_a_role_but_no_name_is_refused_not_dropped(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    data = post_data(BOARD[:3], total=5) | {"form-3-role": "deputy"}
    response = client.post(board_url(membership), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[3].errors["full_name"]
    assert saved_names(membership) == []
