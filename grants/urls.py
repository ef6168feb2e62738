from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("<int:pk>/", views.call_detail, name="call"),
]
