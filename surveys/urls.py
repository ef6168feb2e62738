"""The app's pages; each views module declares its own patterns."""

from surveys.views import answers, results

app_name = "surveys"
urlpatterns = [*answers.urlpatterns, *results.urlpatterns]
