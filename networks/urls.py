from django.urls import path
from django.utils.translation import gettext_lazy as _

from networks import views, views_forum

app_name = "networks"

urlpatterns = [
    path("", views.network_list, name="list"),
    path("<int:pk>/", views.network_detail, name="detail"),
    path(_("<int:pk>/join/"), views.join, name="join"),
    path(_("<int:pk>/documents/"), views.document_upload, name="document_upload"),
    path(_("<int:pk>/documents/<int:document_pk>/"), views.document_download, name="document"),
    path(_("<int:pk>/calendar.ics"), views.public_feed, name="public_feed"),
    path(_("<int:pk>/calendar/<str:token>.ics"), views.member_feed, name="member_feed"),
    path(_("<int:pk>/calendar/new-address/"), views.feed_renew, name="feed_renew"),
    path(_("meetings/<int:pk>/"), views.meeting_detail, name="meeting"),
    path(_("meetings/<int:pk>/answer/"), views.meeting_rsvp, name="rsvp"),
    path(_("meetings/<int:pk>/calendar.ics"), views.meeting_calendar, name="meeting_ics"),
    path(_("actions/<int:pk>/status/"), views.action_status, name="action_status"),
]

# Open forums: public sign-up, the person's own sign-up page, the check-in list of the day.
urlpatterns += views_forum.urlpatterns
