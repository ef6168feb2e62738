"""The person's own data: download it (GDPR art. 15/20) and erase the account (art. 17)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.forms import add_service_errors
from portal.gdpr.erasure import account_delete
from portal.gdpr.export import personal_data
from portal.gdpr.forms import AccountDeleteForm
from portal.views import my_page_context


@never_cache
@require_GET
@login_required
def my_data(request):
    content = json.dumps(
        personal_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"samverkan-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def delete_account(request):
    form = AccountDeleteForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            account_delete(user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
    if not form.is_valid() or form.errors:
        return render(request, "portal/my_page.html", my_page_context(request, form))
    logout(request)
    messages.success(
        request, _("Your account has been removed. A confirmation has been sent by email.")
    )
    return redirect("portal:home")
