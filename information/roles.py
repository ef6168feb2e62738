"""What each municipal role may do with the municipality's information (registered with
:mod:`portal.roles` from ``InformationConfig.ready()``).

The municipal administrator keeps the municipality's own pages: the policy for
collaboration with civil society, how it collaborates, what it wants per focus area and the
contact directory. Coordinators and the municipal administrator write and publish news and
stories of good practice, and approve the stories the associations propose. Officers do not
write news: news speaks for the municipality and is the coordinating responsibility (an
officer asks the coordinator). Politicians and everyone else read the public pages."""

from portal import roles
from portal.models import Role
from portal.roles import ALL

EDIT_PAGES = "information.edit_pages"
PUBLISH = "information.publish"

_PUBLISHING = {
    "information.story": ALL,
    "information.newsitem": ALL,
}

roles.register(
    {
        Role.COORDINATOR: _PUBLISHING,
        Role.MUNICIPAL_ADMIN: {
            **_PUBLISHING,
            "information.page": ALL,
            "information.focusareagoal": ALL,
            "information.contact": ALL,
        },
    },
    abilities={
        EDIT_PAGES: {Role.MUNICIPAL_ADMIN},
        PUBLISH: {Role.COORDINATOR, Role.MUNICIPAL_ADMIN},
    },
)
