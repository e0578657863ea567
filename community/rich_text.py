"""The admin's rich-text editor, tolerant of raw HTML.

Draftail posts its content as JSON (contentstate). A request that posts HTML instead (a script,
a browser extension, an editor pasting into a form without JavaScript) made ``json.loads``
fail inside the widget and the admin answer 500. Such a value is now taken as HTML, cleaned by
the platform's sanitiser (nh3), passed through Draftail's converters (so only the field's
features remain) and saved: the text typed is kept, nothing unsafe is.
Wired as the default editor (``WAGTAILADMIN_RICH_TEXT_EDITORS`` in settings/base.py).
"""

from __future__ import annotations

import json

from wagtail.admin.rich_text import DraftailRichTextArea

from projects.html import sanitize_html


class TolerantDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw is None or raw == "":
            return super().value_from_datadict(data, files, name)
        try:
            if isinstance(json.loads(raw), dict):
                return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            pass  # not contentstate (or broken contentstate): keep it as text/HTML
        html = sanitize_html(raw)
        # through Draftail's own converters: only the field's features are kept, as if typed
        return self.converter.to_database_format(self.converter.from_database_format(html))
