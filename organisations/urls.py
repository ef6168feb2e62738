from django.urls import path, register_converter
from django.utils.translation import gettext_lazy as _

from organisations import views
from organisations.converters import RegistryYearConverter

app_name = "organisations"
register_converter(RegistryYearConverter, "registry_year")

urlpatterns = [
    path("", views.directory, name="directory"),
    path(_("register/"), views.register_choose, name="register_choose"),
    path(_("register/<slug:slug>/"), views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path(_("<int:pk>/edit/"), views.edit, name="edit"),
    path(_("<int:pk>/resubmit/"), views.resubmit, name="resubmit"),
    path(_("<int:pk>/board/<registry_year:year>/"), views.board, name="board"),
    path(_("<int:pk>/members/<registry_year:year>/"), views.members, name="members"),
    path(_("<int:pk>/documents/"), views.documents, name="documents"),
    path(_("<int:pk>/documents/<int:document_pk>/"), views.document_download, name="document"),
    path(
        _("<int:pk>/documents/<int:document_pk>/delete/"),
        views.document_delete,
        name="document_delete",
    ),
    path(_("<int:pk>/people/"), views.people, name="people"),
    path(_("<int:pk>/payout/"), views.payout, name="payout"),
    path(_("invitation/<str:token>/"), views.invitation, name="invitation"),
]
