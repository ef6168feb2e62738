// The rich-text editor of information's pages, stories and news (information/widgets.py).
// Started here rather than by django-prose-editor's own presets so that it runs under the
// portal's Content-Security-Policy: a module from our static files imported by a relative
// path (no inline import map), and Tiptap told not to inject a <style> element (its base
// styles are in information/editor.css). Headings h2–h4 only: the page's title is its h1.
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Text,
} from "../django_prose_editor/editor.js"

// The menu's buttons by the names the editor gives them, with the label's key in LABELS.
const BUTTONS = {
  paragraph: "Paragraph",
  heading2: "Heading 2",
  heading3: "Heading 3",
  heading4: "Heading 4",
  bulletList: "Bullet list",
  orderedList: "Numbered list",
  blockquote: "Blockquote",
  bold: "Bold",
  italic: "Italic",
  link: "Link",
  unlink: "Remove link",
  "history:undo": "Undo",
  "history:redo": "Redo",
}

function labelsOf(textarea) {
  const source = document.getElementById(`${textarea.id}-labels`)
  return source ? JSON.parse(source.textContent) : {}
}

function relabel(root, labels) {
  for (const button of root.querySelectorAll("[data-name]")) {
    const label = labels[BUTTONS[button.dataset.name]]
    if (label) {
      button.title = label
      button.setAttribute("aria-label", label)
    }
  }
}

function labelId(textarea) {
  const label = document.querySelector(`label[for="${textarea.id}"]`)
  if (!label) return null
  if (!label.id) label.id = `${textarea.id}-label`
  return label.id
}

// The editor's dialogs (the link's address and title, save, cancel) are written in English
// by the editor: their texts are put in the reader's language when a dialog opens.
let dialogsWatched = false
function translateDialogs(labels) {
  if (dialogsWatched) return
  dialogsWatched = true
  const translate = (root) => {
    for (const node of root.querySelectorAll("label, button, h3")) {
      const own = node.firstChild
      if (own && own.nodeType === Node.TEXT_NODE && labels[own.textContent.trim()]) {
        own.textContent = labels[own.textContent.trim()]
      }
    }
  }
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && node.querySelector(".prose-editor-dialog-title, .prose-editor-dialog-field")) {
          translate(node)
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true })
}

function empty(html) {
  return /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
}

function start(textarea) {
  if (textarea.closest(".prose-editor")) return
  const labels = labelsOf(textarea)
  translateDialogs(labels)
  const wrapper = document.createElement("div")
  wrapper.className = "prose-editor"
  textarea.before(wrapper)
  wrapper.append(textarea)
  const editor = new Editor({
    element: wrapper,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      Document,
      Paragraph,
      Text,
      HardBreak,
      Dropcursor,
      Gapcursor,
      History,
      Heading.configure({ levels: [2, 3, 4] }),
      Bold,
      Italic,
      BulletList,
      OrderedList,
      ListItem,
      Blockquote,
      Link.configure({ enableTarget: false }),
      Menu.configure({
        groups: [
          { group: "blockType -lists" },
          { group: "lists" },
          { group: "nodes -blockType -lists" },
          { group: "marks" },
          { group: "link" },
          { group: "history" },
        ],
      }),
    ],
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": labelId(textarea) || "",
        "aria-describedby": textarea.getAttribute("aria-describedby") || "",
      },
    },
    onUpdate({ editor }) {
      textarea.value = empty(editor.getHTML())
    },
  })
  // The menu is built when the editor is created (after this call, in newer Tiptap).
  relabel(wrapper, labels)
  editor.on("create", () => relabel(wrapper, labels))
  textarea.hidden = true
  textarea.dataset.richtextStarted = "1"
  return editor
}

function startAll(root) {
  for (const textarea of root.querySelectorAll("textarea[data-richtext]")) {
    if (!textarea.id.includes("__prefix__")) start(textarea)
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => startAll(document))
} else {
  startAll(document)
}
