"""The organisations' part of data retention (``portal.retention``), registered from
``OrganisationsConfig.ready()``: an unused account that is still a member of an
organisation is not anonymised."""

from portal import retention

retention.account_link("memberships")
