from django.urls import path
from django.utils.translation import gettext_lazy as _

from collaborations.views import follow_up, organisation, public

app_name = "collaborations"

urlpatterns = [
    path(
        _("organisation/<int:pk>/"),
        organisation.organisation_collaborations,
        name="organisation",
    ),
    path(_("organisation/<int:pk>/propose/"), organisation.propose, name="propose"),
    path(
        _("organisation/<int:pk>/agreements/<int:agreement_pk>/follow-up/<int:year>/"),
        follow_up.follow_up,
        name="follow_up",
    ),
    path(
        _("<int:pk>/documents/<int:document_pk>/"),
        organisation.document_download,
        name="document",
    ),
    path(_("municipality/<slug:slug>/"), public.public_list, name="public"),
    path(_("municipality/<slug:slug>/<int:pk>/"), public.public_detail, name="public_detail"),
    path(
        _("municipality/<slug:slug>/collaborations.json"),
        public.open_data_json,
        name="open_data_json",
    ),
    path(
        _("municipality/<slug:slug>/collaborations.csv"),
        public.open_data_csv,
        name="open_data_csv",
    ),
]
