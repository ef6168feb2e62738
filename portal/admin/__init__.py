"""The portal in the Django admin: its site (site), the building blocks every app's admin
uses (mixins, object_actions, audit, changelist, formsets, money, widgets) and the portal's
own pages (core; beat for the scheduled tasks). Importing the package registers the pages."""

from portal.admin import beat, core  # noqa: F401 -- registers the portal's pages
