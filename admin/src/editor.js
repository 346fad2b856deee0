// The article body editor: turns the body textarea of the admin's article form into a
// TipTap (ProseMirror) rich-text editor with a toolbar. Without this script the textarea
// works as it is; with it, the textarea is hidden and receives the editor's HTML whenever
// the text changes and when the form is submitted. The server sanitizes the body on every
// save whatever arrives. Labels come from the textarea's data-label-* attributes, which the
// server renders in the admin's language.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

// Elements the editor represents faithfully. A body with anything else (figures, images,
// tables, sub/sup, q, cite) stays in the HTML textarea rather than lose it in the editor.
const EDITABLE = new Set(['P', 'H2', 'H3', 'H4', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'STRONG', 'B',
  'EM', 'I', 'U', 'S', 'BR', 'HR', 'A', 'PRE', 'CODE']);

const PING_MS = 60 * 1000;

function editableByEditor(html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const el of template.content.querySelectorAll('*')) {
    if (!EDITABLE.has(el.tagName)) return false;
  }
  return true;
}

// Two links of a chain, drawn rather than taken from a font (emoji fonts may be missing).
function linkIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  return svg;
}

function label(textarea, name, fallback) {
  return textarea.dataset['label' + name] || fallback;
}

function safeHref(value) {
  const href = value.trim();
  if (href === '') return '';
  if (/^(https?:|mailto:)/i.test(href) || /^[/#?]/.test(href)) return href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return '';  // another scheme: refused
  return 'https://' + href;
}

// The toolbar: one Tab stop; arrow keys, Home and End move between buttons (WAI-ARIA
// toolbar pattern); Alt+F10 in the text jumps to it and Escape jumps back.
function makeToolbar(textarea, buttons, onEscape) {
  const bar = document.createElement('div');
  bar.className = 'rich-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', label(textarea, 'Toolbar', 'Formatting'));
  bar.setAttribute('aria-controls', 'body-editor');
  const made = [];
  for (const spec of buttons) {
    if (spec.separator) {
      const sep = document.createElement('span');
      sep.className = 'rich-sep';
      sep.setAttribute('aria-hidden', 'true');
      bar.append(sep);
      continue;
    }
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'rich-button rich-' + spec.name;
    if (spec.icon) b.append(spec.icon());
    else b.textContent = spec.text;
    b.setAttribute('aria-label', spec.label);
    b.title = spec.shortcut ? `${spec.label} (${spec.shortcut})` : spec.label;
    if (spec.toggle) b.setAttribute('aria-pressed', 'false');
    b.tabIndex = made.length === 0 ? 0 : -1;
    b.addEventListener('mousedown', (e) => e.preventDefault());  // keep the text selection
    b.addEventListener('click', () => spec.run());
    spec.element = b;
    made.push(b);
    bar.append(b);
  }
  bar.addEventListener('keydown', (e) => {
    const i = made.indexOf(document.activeElement);
    if (i < 0) return;
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % made.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + made.length) % made.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = made.length - 1;
    else if (e.key === 'Escape') { e.preventDefault(); onEscape(); return; }
    if (next < 0) return;
    e.preventDefault();
    made[i].tabIndex = -1;
    made[next].tabIndex = 0;
    made[next].focus();
  });
  return bar;
}

function enhance(textarea) {
  const form = textarea.form;
  const wrapper = document.createElement('div');
  wrapper.className = 'rich-editor';
  const surface = document.createElement('div');
  surface.className = 'rich-surface';
  const fieldLabel = form.querySelector(`label[for="${textarea.id}"]`);
  if (fieldLabel && !fieldLabel.id) fieldLabel.id = textarea.id + '-label';

  let changed = false;
  let sourceMode = false;
  const editor = new Editor({
    element: surface,
    content: textarea.value,
    // The admin's CSP allows no inline style: the editor's base rules are in editor.css.
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: {
          openOnClick: false,
          autolink: false,
          defaultProtocol: 'https',
          protocols: ['http', 'https', 'mailto'],
          // The server decides rel; target is not kept.
          HTMLAttributes: { rel: null, target: null },
        },
      }),
    ],
    editorProps: {
      attributes: {
        id: 'body-editor',
        class: 'rich-content',
        role: 'textbox',
        'aria-multiline': 'true',
        ...(fieldLabel ? { 'aria-labelledby': fieldLabel.id } : {}),
      },
    },
    onUpdate: () => {
      changed = true;
      sync();
    },
  });

  function sync() {
    if (!changed || sourceMode) return;
    textarea.value = editor.isEmpty ? '' : editor.getHTML();
  }

  const run = (fn) => () => { fn(editor.chain().focus()).run(); };
  const buttons = [
    { name: 'bold', text: 'B', label: label(textarea, 'Bold', 'Bold'), shortcut: 'Ctrl+B', toggle: true,
      active: () => editor.isActive('bold'), run: run((c) => c.toggleBold()) },
    { name: 'italic', text: 'I', label: label(textarea, 'Italic', 'Italic'), shortcut: 'Ctrl+I', toggle: true,
      active: () => editor.isActive('italic'), run: run((c) => c.toggleItalic()) },
    { separator: true },
    { name: 'h2', text: 'H2', label: label(textarea, 'Heading2', 'Heading 2'), toggle: true,
      active: () => editor.isActive('heading', { level: 2 }), run: run((c) => c.toggleHeading({ level: 2 })) },
    { name: 'h3', text: 'H3', label: label(textarea, 'Heading3', 'Heading 3'), toggle: true,
      active: () => editor.isActive('heading', { level: 3 }), run: run((c) => c.toggleHeading({ level: 3 })) },
    { separator: true },
    { name: 'ul', text: '•', label: label(textarea, 'BulletList', 'Bulleted list'), toggle: true,
      active: () => editor.isActive('bulletList'), run: run((c) => c.toggleBulletList()) },
    { name: 'ol', text: '1.', label: label(textarea, 'OrderedList', 'Numbered list'), toggle: true,
      active: () => editor.isActive('orderedList'), run: run((c) => c.toggleOrderedList()) },
    { name: 'quote', text: '❝', label: label(textarea, 'Blockquote', 'Quotation'), toggle: true,
      active: () => editor.isActive('blockquote'), run: run((c) => c.toggleBlockquote()) },
    { name: 'link', icon: linkIcon, label: label(textarea, 'Link', 'Link'), toggle: true,
      active: () => editor.isActive('link'), run: () => toggleLink() },
    { separator: true },
    { name: 'undo', text: '↶', label: label(textarea, 'Undo', 'Undo'), shortcut: 'Ctrl+Z',
      enabled: () => editor.can().undo(), run: run((c) => c.undo()) },
    { name: 'redo', text: '↷', label: label(textarea, 'Redo', 'Redo'), shortcut: 'Ctrl+Shift+Z',
      enabled: () => editor.can().redo(), run: run((c) => c.redo()) },
    { separator: true },
    { name: 'source', text: '</>', label: label(textarea, 'Source', 'HTML source'), toggle: true,
      active: () => sourceMode, run: () => showSource(!sourceMode) },
  ];

  function toggleLink() {
    if (editor.isActive('link')) {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      return;
    }
    const answer = window.prompt(label(textarea, 'LinkPrompt', 'Link address (URL)'), 'https://');
    if (answer === null) { editor.commands.focus(); return; }
    const href = safeHref(answer);
    if (href === '' || href === 'https://') { editor.commands.focus(); return; }
    editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
  }

  // The HTML source view: the original textarea, for what the toolbar does not offer.
  function showSource(on) {
    if (on === sourceMode) {
      if (!on) editor.commands.focus();
      return;
    }
    if (on) {
      sync();
      sourceMode = true;
      surface.hidden = true;
      textarea.hidden = false;
      textarea.focus();
    } else {
      if (!editableByEditor(textarea.value)) {
        window.alert(label(textarea, 'SourceOnly', 'This body contains elements the editor cannot show; keep editing the HTML.'));
        return;
      }
      sourceMode = false;
      editor.commands.setContent(textarea.value, { emitUpdate: false });
      changed = true;
      textarea.hidden = true;
      surface.hidden = false;
      editor.commands.focus();
    }
    refresh();
  }

  const bar = makeToolbar(textarea, buttons, () => {
    if (sourceMode) textarea.focus();
    else editor.commands.focus();
  });
  function refresh() {
    for (const spec of buttons) {
      if (!spec.element) continue;
      const disabledInSource = sourceMode && spec.name !== 'source';
      if (spec.toggle) spec.element.setAttribute('aria-pressed', String(!disabledInSource && spec.active()));
      const enabled = !disabledInSource && (spec.enabled ? spec.enabled() : true);
      spec.element.setAttribute('aria-disabled', String(!enabled));
      spec.element.classList.toggle('is-disabled', !enabled);
    }
  }
  editor.on('transaction', refresh);
  editor.on('selectionUpdate', refresh);
  // aria-disabled buttons stay focusable in the toolbar but do nothing.
  bar.addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (b && b.getAttribute('aria-disabled') === 'true') e.stopImmediatePropagation();
  }, true);

  surface.addEventListener('keydown', (e) => {
    if (e.altKey && e.key === 'F10') {
      e.preventDefault();
      (bar.querySelector('button[tabindex="0"]') || bar.querySelector('button')).focus();
    }
  });
  if (fieldLabel) {
    fieldLabel.addEventListener('click', (e) => {
      if (sourceMode) return;
      e.preventDefault();
      editor.commands.focus();
    });
  }

  wrapper.append(bar, surface);
  textarea.before(wrapper);
  wrapper.append(textarea);
  textarea.hidden = true;
  form.addEventListener('submit', sync);
  refresh();
  return editor;
}

// Tells the server every minute that this article is still open here, so that others who
// open it see who is editing it (the server also records it on open and on save).
function keepEditingMark(form) {
  const url = form.dataset.editingUrl;
  const csrf = form.querySelector('input[name="csrf"]');
  if (!url || !csrf) return;
  setInterval(() => {
    if (document.visibilityState !== 'visible') return;
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'csrf=' + encodeURIComponent(csrf.value),
    }).catch(() => {});
  }, PING_MS);
}

function start() {
  const textarea = document.querySelector('form.article-form textarea[name="body"]');
  if (textarea) {
    if (editableByEditor(textarea.value)) {
      const editor = enhance(textarea);
      window.gazetteEditor = editor;
    } else {
      const note = document.createElement('small');
      note.className = 'rich-note';
      note.textContent = label(textarea, 'SourceOnly', 'This body contains elements the editor cannot show; edit it as HTML.');
      textarea.after(note);
    }
  }
  const form = document.querySelector('form.article-form');
  if (form) keepEditingMark(form);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
