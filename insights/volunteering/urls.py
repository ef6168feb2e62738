"""The volunteering figures' address, in the insights namespace (insights/urls.py adds it)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from insights.volunteering import views

urlpatterns = [
    path(_("municipality/<slug:slug>/volunteering/"), views.figures, name="volunteering"),
]
