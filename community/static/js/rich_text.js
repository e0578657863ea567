/* A small rich-text editor for the holders' description: headings, paragraphs, lists, bold,
   italic, links. It edits a copy of the textarea's HTML and writes it back on submit; the
   server keeps only those tags (projects/holders/forms.py). Without JavaScript the textarea
   takes plain paragraphs or simple HTML. */
(function () {
  "use strict";
  var form = document.querySelector("[data-rich-text-form]");
  var textarea = form && form.querySelector("textarea[data-rich-text]");
  var editor = form && form.querySelector("[data-rich-text-editor]");
  if (!textarea || !editor) return;
  var area = editor.querySelector("[contenteditable]");
  var field = textarea.closest(".field") || textarea.parentNode;
  field.insertBefore(editor, textarea);
  area.innerHTML = textarea.value;
  var label = field.querySelector("label[for='" + textarea.id + "']");
  if (label) {
    label.id = label.id || textarea.id + "-label";
    area.setAttribute("aria-labelledby", label.id);
    area.removeAttribute("aria-label");
    label.addEventListener("click", function () { area.focus(); });
  }
  var help = textarea.getAttribute("aria-describedby");
  if (help) area.setAttribute("aria-describedby", help);
  textarea.hidden = true;
  editor.hidden = false;
  try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* old browsers */ }

  editor.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    area.focus();
    if (button.dataset.block) {
      document.execCommand("formatBlock", false, "<" + button.dataset.block + ">");
    } else if (button.hasAttribute("data-link")) {
      var url = window.prompt(button.dataset.prompt, "https://");
      if (url && /^(https?:|mailto:)/i.test(url)) document.execCommand("createLink", false, url);
    } else if (button.dataset.command) {
      document.execCommand(button.dataset.command, false, null);
    }
  });
  form.addEventListener("submit", function () { textarea.value = area.innerHTML; });
})();
