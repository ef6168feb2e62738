"""The app's pages; each views module declares its own patterns."""

from volunteering.views import callouts, posts, recognition, volunteers

app_name = "volunteering"
urlpatterns = [
    *volunteers.urlpatterns,
    *callouts.urlpatterns,
    *posts.urlpatterns,
    *recognition.urlpatterns,
]
