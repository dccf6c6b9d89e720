// @ts-check
// The script of the ISC Connector Studio preview webview. It receives rendered HTML (built and escaped by the
// extension's pure renderer, src/preview/render.ts) and wires the page: click or Enter → reveal in the editor,
// highlight of the element at the editor's cursor, the locale picker, parentKey/parentValue dependencies, and the
// "show hidden fields" switch. It never builds HTML from strings itself (only DOM nodes with textContent).
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const main = /** @type {HTMLElement} */ (document.getElementById('preview'));
  const localePicker = /** @type {HTMLSelectElement} */ (document.getElementById('locale-picker'));
  const showHidden = /** @type {HTMLInputElement} */ (document.getElementById('show-hidden'));

  /** @type {{ uri?: string, locale?: string | null, showHidden?: boolean }} */
  let state = vscode.getState() || {};
  /** @type {number | null} */
  let highlightedId = null;

  function saveState(patch) {
    state = Object.assign({}, state, patch);
    vscode.setState(state);
  }

  showHidden.checked = !!state.showHidden;

  // ------------------------------------------------------------------------------------------- messages in

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'render':
        render(message);
        break;
      case 'highlight':
        highlight(typeof message.id === 'number' ? message.id : null, !!message.scroll);
        break;
    }
  });

  /** @param {{ version: number, html: string, uri: string, locale: string | null, locales: string[], noLocaleLabel: string }} message */
  function render(message) {
    main.innerHTML = message.html;
    main.setAttribute('aria-busy', 'false');
    fillLocales(message.locales, message.locale, message.noLocaleLabel);
    saveState({ uri: message.uri, locale: message.locale });
    applyVisibility();
    if (highlightedId !== null) highlight(highlightedId, false, true);
    vscode.postMessage({ type: 'rendered', version: message.version, text: summary() });
  }

  /** What the page shows, for the extension-host tests (section titles, field labels, banners, rule rows). */
  function summary() {
    const pick = (selector) => Array.from(main.querySelectorAll(selector)).map((e) => (e.textContent || '').trim());
    return {
      titles: pick('.page-title, .section-title'),
      fields: Array.from(main.querySelectorAll('.field')).map((f) => ({
        name: f.getAttribute('data-name'),
        label: ((f.querySelector('.field-label') || {}).textContent || '').trim(),
        visible: !(/** @type {HTMLElement} */ (f).hidden),
      })),
      banners: pick('.banner-text'),
      rules: pick('tr.rule'),
      missing: pick('.missing-key'),
    };
  }

  function fillLocales(locales, current, noLocaleLabel) {
    while (localePicker.firstChild) localePicker.removeChild(localePicker.firstChild);
    const none = document.createElement('option');
    none.value = '';
    none.textContent = noLocaleLabel;
    localePicker.appendChild(none);
    for (const locale of locales) {
      const option = document.createElement('option');
      option.value = locale;
      option.textContent = locale;
      localePicker.appendChild(option);
    }
    localePicker.value = current || '';
  }

  // ------------------------------------------------------------------------------------------ highlight

  function highlight(id, scroll, quiet) {
    const previous = main.querySelectorAll('.highlighted');
    previous.forEach((e) => e.classList.remove('highlighted'));
    highlightedId = id;
    const target = id === null ? null : main.querySelector(`[data-id="${id}"]`);
    if (target) {
      target.classList.add('highlighted');
      if (scroll) target.scrollIntoView({ block: 'nearest' });
    }
    if (!quiet) vscode.postMessage({ type: 'highlighted', id: target ? id : null });
  }

  // ----------------------------------------------------------------------------------------- dependencies

  function fieldValues() {
    /** @type {Record<string, string>} */
    const values = {};
    main.querySelectorAll('[data-field]').forEach((el) => {
      const name = el.getAttribute('data-field');
      if (!name) return;
      if (el instanceof HTMLInputElement && el.type === 'checkbox') values[name] = el.checked ? 'true' : 'false';
      else if (el instanceof HTMLInputElement && el.type === 'radio') {
        if (el.checked) values[name] = el.value;
        else if (!(name in values)) values[name] = '';
      } else if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
        if (!(name in values)) values[name] = el.value;
      }
    });
    return values;
  }

  /** Shows each field whose parent has its parentValue (and whose parent is shown); all with "show hidden". */
  function applyVisibility() {
    const all = showHidden.checked;
    const values = fieldValues();
    const fields = Array.from(main.querySelectorAll('.field'));
    /** @type {Record<string, boolean>} */
    const shown = {};
    for (const f of fields) shown[f.getAttribute('data-name') || ''] = !f.hasAttribute('data-parent-key') && !f.hasAttribute('data-hidden-field');
    // dependencies may chain: repeat until nothing changes (at most once per field)
    for (let round = 0; round <= fields.length; round++) {
      let changed = false;
      for (const f of fields) {
        const key = f.getAttribute('data-parent-key');
        if (key === null || f.hasAttribute('data-hidden-field')) continue;
        const name = f.getAttribute('data-name') || '';
        const visible = shown[key] !== false && values[key] === f.getAttribute('data-parent-value');
        if (shown[name] !== visible) {
          shown[name] = visible;
          changed = true;
        }
      }
      if (!changed) break;
    }
    for (const f of fields) {
      const el = /** @type {HTMLElement} */ (f);
      const visible = all || shown[f.getAttribute('data-name') || ''] !== false;
      el.hidden = !visible;
      el.classList.toggle('shown-by-switch', visible && shown[f.getAttribute('data-name') || ''] === false);
    }
  }

  // ---------------------------------------------------------------------------------------- interaction

  const CONTROLS = 'input, select, textarea, option, .list-add, a[href^="http"]';

  main.addEventListener('click', (event) => {
    const target = /** @type {Element} */ (event.target);
    const quickFix = target.closest('[data-quickfix]');
    if (quickFix) {
      vscode.postMessage({ type: 'quickFix', offset: Number(quickFix.getAttribute('data-quickfix')) });
      return;
    }
    const nav = target.closest('[data-nav]');
    if (nav) {
      event.preventDefault();
      const id = nav.getAttribute('data-nav');
      const page = main.querySelector(`[data-id="${id}"]`);
      if (page) {
        page.scrollIntoView({ block: 'start' });
        const heading = /** @type {HTMLElement | null} */ (page.querySelector('h2, h3, h4, h5, h6'));
        if (heading) heading.focus({ preventScroll: true });
      }
      return;
    }
    if (target.closest('.list-add')) {
      const button = /** @type {HTMLElement} */ (target.closest('.list-add'));
      const input = document.createElement('input');
      input.type = 'text';
      const first = button.parentElement && button.parentElement.querySelector('input');
      if (first) {
        input.setAttribute('aria-label', first.getAttribute('aria-label') || '');
        const name = first.getAttribute('data-field');
        if (name) input.setAttribute('data-field', name);
      }
      button.before(input);
      input.focus();
      return;
    }
    if (target.closest(CONTROLS) && !target.closest('button.reveal, .banner-action')) return;
    const reveal = target.closest('[data-reveal]');
    if (reveal) {
      event.preventDefault();
      vscode.postMessage({ type: 'reveal', offset: Number(reveal.getAttribute('data-reveal')) });
      return;
    }
    const element = target.closest('[data-id]');
    if (element) vscode.postMessage({ type: 'reveal', offset: Number(element.getAttribute('data-id')) });
  });

  // rule rows are focusable: Enter or Space shows the rule in the editor
  main.addEventListener('keydown', (event) => {
    const target = /** @type {Element} */ (event.target);
    if ((event.key === 'Enter' || event.key === ' ') && target instanceof HTMLTableRowElement && target.hasAttribute('data-reveal')) {
      event.preventDefault();
      vscode.postMessage({ type: 'reveal', offset: Number(target.getAttribute('data-reveal')) });
    }
  });

  main.addEventListener('change', applyVisibility);
  main.addEventListener('input', applyVisibility);

  localePicker.addEventListener('change', () => {
    const locale = localePicker.value || null;
    saveState({ locale });
    vscode.postMessage({ type: 'setLocale', locale });
  });

  showHidden.addEventListener('change', () => {
    saveState({ showHidden: showHidden.checked });
    applyVisibility();
  });

  vscode.postMessage({ type: 'ready' });
})();
