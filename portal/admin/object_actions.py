"""Custom pages for one object of an admin list (decide a case, approve a registration,
download a payment file …), declared rather than wired by hand.

A ModelAdmin lists its ``object_actions``; each becomes the URL
``<pk>/<path>`` named ``admin:<app>_<model>_<name>``, behind the admin's login, and its
view method is called with the object only after the one guard,
:meth:`portal.admin.mixins.MunicipalityScopedAdmin.object_for`, has let it through, in
its one order: the admin's login, the model's permission somewhere (else 403), the object
among the rows the person may read (else 404, so another municipality's ids reveal
nothing), the action's permission where the object belongs (else 403).
"""

from dataclasses import dataclass
from functools import update_wrapper

from django.urls import path
from django.views.decorators.http import require_POST


@dataclass(frozen=True)
class ObjectAction:
    """One page of an object: ``view`` is the name of the admin's method, called as
    ``view(request, obj, **url_kwargs)``; ``permission`` is the model permission the
    person needs where the object belongs ("view", "change" or "delete")."""

    name: str  # the URL name after "<app>_<model>_"
    path: str  # after "<int:pk>/", e.g. "decide/", "payment-file.csv"
    view: str
    permission: str = "change"
    post_only: bool = False  # a button's target: a GET is refused (405) before the guard


class ObjectActionsAdmin:
    """Turns the declared ``object_actions`` into guarded URLs (mixed into
    MunicipalityScopedAdmin, whose ``object_for`` is the guard)."""

    object_actions: tuple[ObjectAction, ...] = ()

    def get_urls(self):
        opts = self.opts
        own = [
            path(
                f"<int:pk>/{action.path}",
                self.admin_site.admin_view(self._object_action_view(action)),
                name=f"{opts.app_label}_{opts.model_name}_{action.name}",
            )
            for action in self.object_actions
        ]
        return [*own, *super().get_urls()]

    def _object_action_view(self, action: ObjectAction):
        method = getattr(self, action.view)

        def view(request, pk, **kwargs):
            return method(request, self.object_for(request, pk, action.permission), **kwargs)

        update_wrapper(view, method)
        return require_POST(view) if action.post_only else view
