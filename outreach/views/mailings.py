"""The one-click opt-out from a municipality's mailings (and the mailing pages)."""

urlpatterns = []
