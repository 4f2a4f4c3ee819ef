// @ts-check
/**
 * Building DOM safely. Every string becomes a text node (textContent / createTextNode): no
 * innerHTML anywhere in this client, so nothing a person types can become markup.
 */

/**
 * @typedef {Node | string | number | null | undefined | false | any[]} Child  (arrays nest)
 * @typedef {{
 *   class?: string, testid?: string, text?: string, key?: string,
 *   on?: Record<string, EventListener>, hidden?: boolean, disabled?: boolean,
 *   [attr: string]: unknown,
 * }} Props
 */

/**
 * Creates an element. `props.text` sets textContent; `props.testid` sets data-testid;
 * `props.key` sets data-key (used to keep focus across redraws); `props.on` adds listeners;
 * boolean props set or omit the attribute; everything else is set with setAttribute.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (name === 'text') el.textContent = String(value);
    else if (name === 'class') el.className = String(value);
    else if (name === 'testid') el.setAttribute('data-testid', String(value));
    else if (name === 'key') el.setAttribute('data-key', String(value));
    else if (name === 'on') {
      for (const [event, fn] of Object.entries(/** @type {Record<string, EventListener>} */ (value))) {
        el.addEventListener(event, fn);
      }
    } else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

/**
 * @param {Node} parent
 * @param {Child[]} children
 */
function append(parent, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }
}

/**
 * Replaces a container's children. If focus was on an element with a `data-key` inside it,
 * the new element with the same key gets focus back, so keyboard users do not lose their
 * place when a list redraws.
 * @param {Element} container
 * @param {...Child} children
 */
export function replaceChildren(container, ...children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.getAttribute('data-key') : null;
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  container.replaceChildren(fragment);
  if (key) {
    const again = /** @type {HTMLElement | null} */ (container.querySelector(`[data-key="${CSS.escape(key)}"]`));
    if (again && !(/** @type {HTMLButtonElement} */ (again).disabled)) again.focus();
  }
}

/**
 * Looks an element up by id, failing loudly if the page lacks it.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

/**
 * Shows or hides an element (the `hidden` attribute).
 * @param {Element} el
 * @param {boolean} shown
 */
export function show(el, shown) {
  /** @type {HTMLElement} */ (el).hidden = !shown;
}

/**
 * Sets text only when it changed (keeps screen readers and selection calm).
 * @param {Element} el
 * @param {string} text
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * Says something through an ARIA live region. Clearing first makes a repeated message heard.
 * @param {Element} region
 * @param {string} text
 */
export function announce(region, text) {
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

/**
 * Copies text to the clipboard; falls back to a hidden textarea where the Clipboard API is
 * missing (older browsers, insecure origins).
 * @param {string} text
 * @returns {Promise<boolean>}
 */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  const area = h('textarea', { class: 'offscreen', 'aria-hidden': 'true', readonly: true });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/**
 * A copy button that says "Copied" for a moment (and announces it).
 * @param {string} label
 * @param {() => string} getText
 * @param {string} testid
 */
export function copyButton(label, getText, testid) {
  const button = h('button', { type: 'button', class: 'btn btn-secondary', testid, text: label });
  // A button's new text is not read out: a status region beside it says "Copied".
  const status = h('span', { class: 'sr-only', role: 'status', testid: `${testid}-status` });
  button.addEventListener('click', async () => {
    if (!status.isConnected) button.after(status);
    const ok = await copyText(getText());
    button.textContent = ok ? 'Copied' : 'Copy failed: select and copy by hand';
    announce(status, ok ? 'Copied' : 'Copy failed: select and copy by hand');
    button.setAttribute('data-copied', ok ? 'yes' : 'no');
    setTimeout(() => {
      button.textContent = label;
      button.removeAttribute('data-copied');
    }, 2000);
  });
  return button;
}

/**
 * Offers text as a file download (a Blob and a temporary link).
 * @param {string} fileName
 * @param {string} text
 * @param {string} [type]
 */
export function downloadText(fileName, text, type = 'text/markdown;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: fileName, class: 'offscreen' });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
