"""The app's pages; each views module declares its own patterns."""

from information.views import public

app_name = "information"
urlpatterns = [*public.urlpatterns]
