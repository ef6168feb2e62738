"""The app's pages; each views module declares its own patterns."""

from outreach.views import follows, mailings

app_name = "outreach"
urlpatterns = [*follows.urlpatterns, *mailings.urlpatterns]
