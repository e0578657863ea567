"""The project editor's messages after a moderation action say what happened.

Wagtail's snippet edit view answers every workflow action with "Projet « … » mis à jour";
a partner who accepted needs to read that the project is published, one who refused that the
refusal and its reason are kept. Wired as ``ProjectViewSet.edit_view_class``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import EditView


class ProjectEditView(EditView):
    def get_success_message(self, instance=None):
        if self.action == "workflow-action":
            title = str(instance or self.object)
            if self.workflow_action == "approve":
                return _("Projet « %(title)s » accepté et publié.") % {"title": title}
            if self.workflow_action == "reject":
                return _(
                    "Projet « %(title)s » refusé : il n'est pas publié, le motif est enregistré "
                    "et il ne sera plus proposé tant que la page du partenaire ne change pas."
                ) % {"title": title}
        return super().get_success_message(instance)
