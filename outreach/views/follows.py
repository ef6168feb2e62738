"""Following (focus areas, districts, networks, organisations), alert settings and the
one-click unsubscribe from alerts."""

urlpatterns = []
