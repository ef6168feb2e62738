"""The app's pages; each views module declares its own patterns."""

app_name = "advice"
urlpatterns = []
