"""The app's pages (advice.views declares its patterns)."""

from advice import views

app_name = "advice"
urlpatterns = views.urlpatterns
