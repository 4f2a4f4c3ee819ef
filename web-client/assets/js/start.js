// @ts-check
/**
 * The start page: create a circle, then hand out its links.
 */

import { h, byId, show, copyButton, replaceChildren } from './dom.js';
import {
  DEFAULT_NORMS, TIME_BOXES, validate, buildRequest, errorTarget, errorMessage, invitationText,
} from './create.js';
import { LIMITS } from './protocol.js';

const form = /** @type {HTMLFormElement} */ (byId('create-form'));
const normsList = byId('norms-list');
const addNorm = /** @type {HTMLButtonElement} */ (byId('norm-add'));
const submit = /** @type {HTMLButtonElement} */ (byId('create-submit'));

let normSerial = 0;
/** Whether this server wants its creation code (`GET /api/config`); the field shows then. */
let codeRequired = false;

/**
 * One editable norm: a text field and a remove button.
 * @param {string} text
 */
function normItem(text) {
  normSerial += 1;
  const id = `norm-${normSerial}`;
  const input = h('input', {
    id, type: 'text', value: text, maxlength: LIMITS.normMax, testid: 'norm-input', 'aria-describedby': 'norms-error',
  });
  const item = h('li', { class: 'norm-item' },
    h('label', { class: 'sr-only', for: id, text: `Norm ${normsList.children.length + 1}` }),
    input,
    h('button', {
      type: 'button',
      class: 'btn btn-quiet btn-icon',
      testid: 'norm-remove',
      'aria-label': `Remove the norm “${text || 'new norm'}”`,
      title: 'Remove this norm',
      text: '✕',
      on: {
        click: () => {
          const next = item.nextElementSibling ?? item.previousElementSibling;
          item.remove();
          relabel();
          const focusTarget = next ? next.querySelector('input') : addNorm;
          focusTarget?.focus();
        },
      },
    }));
  input.addEventListener('input', () => relabel());
  return item;
}

/** Keeps the norms' labels numbered and the add button within the limit. */
function relabel() {
  [...normsList.children].forEach((item, i) => {
    const label = item.querySelector('label');
    const input = item.querySelector('input');
    const remove = item.querySelector('button');
    if (label) label.textContent = `Norm ${i + 1}`;
    if (remove && input) remove.setAttribute('aria-label', `Remove norm ${i + 1}${input.value ? `: ${input.value}` : ''}`);
  });
  addNorm.disabled = normsList.children.length >= LIMITS.normsMax;
}

function renderDefaults() {
  replaceChildren(normsList, DEFAULT_NORMS.map((n) => normItem(n)));
  relabel();
  const grid = byId('time-boxes');
  replaceChildren(grid, TIME_BOXES.map((box) => {
    const id = `tb-${box.field}`;
    return h('div', { class: 'field field-compact' },
      h('label', { for: id, text: box.label }),
      h('input', {
        id, name: box.field, type: 'number', inputmode: 'decimal', min: '0.5', max: '120', step: '0.5',
        value: String(box.minutes), testid: `tb-${box.field.replace(/_secs$/, '')}`,
        'aria-describedby': `${id}-error`,
      }),
      h('p', { id: `${id}-error`, class: 'field-error', testid: `error-${box.field}`, hidden: true }));
  }));
}

/** @returns {import('./create.js').CreateForm} */
function readForm() {
  /** @type {Record<string, string>} */
  const minutes = {};
  for (const box of TIME_BOXES) {
    minutes[box.field] = /** @type {HTMLInputElement} */ (byId(`tb-${box.field}`)).value;
  }
  return {
    name: /** @type {HTMLInputElement} */ (byId('circle-name')).value,
    facilitatorName: /** @type {HTMLInputElement} */ (byId('facilitator-name')).value,
    norms: [...normsList.querySelectorAll('input')].map((i) => i.value),
    minutes,
    autoAdvance: /** @type {HTMLInputElement} */ (byId('auto-advance')).checked,
    createCode: /** @type {HTMLInputElement} */ (byId('create-code')).value,
    codeRequired: codeRequired,
  };
}

/** The element that shows errors for a target, and the control to focus. */
/** @param {string} target */
function errorSlot(target) {
  if (target === 'name') return { slot: byId('circle-name-error'), control: byId('circle-name') };
  if (target === 'create_code') return { slot: byId('create-code-error'), control: byId('create-code') };
  if (target === 'facilitator_name') return { slot: byId('facilitator-name-error'), control: byId('facilitator-name') };
  if (target === 'norms') return { slot: byId('norms-error'), control: normsList.querySelector('input') ?? addNorm };
  if (target.startsWith('settings.time_boxes.')) {
    const field = target.slice('settings.time_boxes.'.length);
    return { slot: byId(`tb-${field}-error`), control: byId(`tb-${field}`) };
  }
  if (target === 'settings') return { slot: byId('settings-error'), control: byId('auto-advance') };
  return { slot: byId('form-error'), control: submit };
}

function clearErrors() {
  for (const el of form.querySelectorAll('.field-error')) {
    el.textContent = '';
    /** @type {HTMLElement} */ (el).hidden = true;
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * @param {{ field: string, message: string }[]} errors
 */
function showErrors(errors) {
  let first = null;
  for (const error of errors) {
    const { slot, control } = errorSlot(errorTarget(error.field));
    slot.textContent = slot.textContent ? `${slot.textContent} ${error.message}` : error.message;
    slot.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    first = first ?? control;
  }
  /** @type {HTMLElement | null} */ (first)?.focus();
}

/**
 * @param {{ room: string, join_url: string, facilitator_url: string }} created
 * @param {string} circleName
 */
function showCreated(created, circleName) {
  const joinUrl = /** @type {HTMLInputElement} */ (byId('join-url'));
  const facUrl = /** @type {HTMLInputElement} */ (byId('facilitator-url'));
  const invitation = /** @type {HTMLTextAreaElement} */ (byId('invitation'));
  joinUrl.value = created.join_url;
  facUrl.value = created.facilitator_url;
  invitation.value = invitationText(circleName, created.join_url);
  byId('created-lead').textContent = `“${circleName}” has a room. Share the members’ link; keep the facilitator’s link to yourself.`;
  replaceChildren(byId('copy-join-slot'), copyButton('Copy link', () => joinUrl.value, 'copy-join-url'));
  replaceChildren(byId('copy-invitation-slot'), copyButton('Copy invitation', () => invitation.value, 'copy-invitation'));
  replaceChildren(byId('copy-facilitator-slot'), copyButton('Copy', () => facUrl.value, 'copy-facilitator-url'));
  const reveal = byId('reveal-facilitator-url');
  reveal.addEventListener('click', () => {
    const showing = facUrl.type === 'text';
    facUrl.type = showing ? 'password' : 'text';
    reveal.textContent = showing ? 'Show' : 'Hide';
    reveal.setAttribute('aria-pressed', String(!showing));
  });
  /** @type {HTMLAnchorElement} */ (byId('open-facilitator')).href = created.facilitator_url;
  show(byId('create-screen'), false);
  show(byId('created-screen'), true);
  document.title = `Hotseat: ${circleName} is ready`;
  byId('created-title').focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const values = readForm();
  const problems = validate(values);
  if (problems.length > 0) {
    showErrors(problems);
    return;
  }
  submit.disabled = true;
  submit.textContent = 'Creating…';
  try {
    const response = await fetch('/api/circles', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(buildRequest(values)),
    });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (response.status === 201 && body && body.join_url) {
      showCreated(body, values.name.trim());
      return;
    }
    const error = body && body.error ? body.error : null;
    if (error?.code === 'create_code' && !codeRequired) {
      codeRequired = true;
      show(byId('create-code-field'), true);
    }
    showErrors([{ field: error?.field ?? 'form', message: errorMessage(error) }]);
  } catch {
    showErrors([{ field: 'form', message: 'The server could not be reached. Check your connection and try again.' }]);
  } finally {
    submit.disabled = false;
    submit.textContent = 'Create the circle';
  }
});

addNorm.addEventListener('click', () => {
  if (normsList.children.length >= LIMITS.normsMax) return;
  const item = normItem('');
  normsList.appendChild(item);
  relabel();
  item.querySelector('input')?.focus();
});

/** Asks the server whether creating a circle needs its code, and shows the field if so. */
async function loadConfig() {
  try {
    const response = await fetch('/api/config');
    const config = response.ok ? await response.json() : null;
    codeRequired = Boolean(config?.create_code_required);
  } catch {
    // Unknown: leave the field hidden; a 403 from the server reveals it.
  }
  show(byId('create-code-field'), codeRequired);
}

renderDefaults();
loadConfig();
