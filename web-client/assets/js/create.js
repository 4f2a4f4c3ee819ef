// @ts-check
/**
 * The start page's logic, without the DOM: the defaults a new circle starts from, the request
 * body for `POST /api/circles`, where each of the server's field errors belongs, and the
 * invitation text for the call's chat.
 */

import { LIMITS, sentenceCase } from './protocol.js';

/** The ground rules most circles start from (the method; server/src/engine/meeting.rs). */
export const DEFAULT_NORMS = Object.freeze([
  'What is said in the circle stays in the circle.',
  'Everyone has a voice.',
  'Mutual respect: no judgement.',
  'Listen to understand.',
  'Ask rather than tell.',
  'Titles stay outside: here we meet as equals.',
]);

/** The time boxes, in minutes, with their labels (protocol/src/settings.rs, in seconds). */
export const TIME_BOXES = Object.freeze([
  { field: 'opening_secs', label: 'Opening and norms', minutes: 2 },
  { field: 'check_in_secs', label: 'Check-in, per member', minutes: 2 },
  { field: 'presenting_secs', label: 'Presenting', minutes: 5 },
  { field: 'questions_secs', label: 'Question round', minutes: 10 },
  { field: 'learnings_secs', label: 'Learnings', minutes: 5 },
  { field: 'commitment_secs', label: 'Commitment', minutes: 3 },
  { field: 'closing_secs', label: 'Closing', minutes: 5 },
]);

/**
 * @typedef {{ name: string, facilitatorName: string, norms: string[],
 *             minutes: Record<string, string | number>, autoAdvance: boolean,
 *             createCode?: string, codeRequired?: boolean }} CreateForm
 * @typedef {{ field: string, message: string }} FieldError
 */

/**
 * Checks what the server would refuse anyway, so people hear about it next to the field at
 * once. The server checks again; its answer is shown the same way.
 * @param {CreateForm} form
 * @returns {FieldError[]}
 */
export function validate(form) {
  /** @type {FieldError[]} */
  const errors = [];
  const name = form.name.trim();
  if (!name) errors.push({ field: 'name', message: 'Give the circle a name.' });
  else if ([...name].length > LIMITS.circleNameMax) {
    errors.push({ field: 'name', message: `A circle’s name is at most ${LIMITS.circleNameMax} characters.` });
  }
  if (form.codeRequired && !(form.createCode ?? '').trim()) {
    errors.push({ field: 'create_code', message: 'This server needs its creation code to create a circle.' });
  }
  if ([...form.facilitatorName.trim()].length > LIMITS.nameMax) {
    errors.push({ field: 'facilitator_name', message: `A name is at most ${LIMITS.nameMax} characters.` });
  }
  const norms = form.norms.map((n) => n.trim()).filter(Boolean);
  if (norms.length === 0) errors.push({ field: 'norms', message: 'Keep at least one norm.' });
  if (norms.length > LIMITS.normsMax) errors.push({ field: 'norms', message: `A circle has at most ${LIMITS.normsMax} norms.` });
  if (norms.some((n) => [...n].length > LIMITS.normMax)) {
    errors.push({ field: 'norms', message: `Each norm is at most ${LIMITS.normMax} characters.` });
  }
  for (const box of TIME_BOXES) {
    const raw = String(form.minutes[box.field] ?? '').trim();
    const value = Number(raw.replace(',', '.'));
    if (raw === '' || !Number.isFinite(value)) {
      errors.push({ field: `settings.time_boxes.${box.field}`, message: 'Give a number of minutes.' });
    }
  }
  return errors;
}

/**
 * The body for `POST /api/circles`. Minutes become whole seconds; blank norms are dropped.
 * @param {CreateForm} form
 */
export function buildRequest(form) {
  /** @type {Record<string, number>} */
  const timeBoxes = {};
  for (const box of TIME_BOXES) {
    const minutes = Number(String(form.minutes[box.field] ?? box.minutes).trim().replace(',', '.'));
    timeBoxes[box.field] = Math.round(minutes * 60);
  }
  /** @type {{ name: string, norms: string[], settings: object, facilitator_name?: string, create_code?: string }} */
  const body = {
    name: form.name.trim(),
    norms: form.norms.map((n) => n.trim()).filter(Boolean),
    settings: { time_boxes: timeBoxes, auto_advance: Boolean(form.autoAdvance) },
  };
  const facilitator = form.facilitatorName.trim();
  if (facilitator) body.facilitator_name = facilitator;
  // Sent only when the server asked for one (the field is shown then).
  const code = (form.createCode ?? '').trim();
  if (code) body.create_code = code;
  return body;
}

/**
 * Which field a server error belongs next to: `name`, `facilitator_name`, `norms`, one
 * time box (`settings.time_boxes.opening_secs`), `settings`, or `form` for anything else.
 * @param {string | null | undefined} field
 */
export function errorTarget(field) {
  if (!field) return 'form';
  if (field === 'name' || field === 'facilitator_name' || field === 'create_code') return field;
  if (field === 'norms' || field.startsWith('norms[') || field.startsWith('norms.')) return 'norms';
  const box = TIME_BOXES.find((b) => field === `settings.time_boxes.${b.field}`);
  if (box) return `settings.time_boxes.${box.field}`;
  if (field.startsWith('settings')) return 'settings';
  return 'form';
}

/**
 * The sentence to show for the server's 400 (or other) answer.
 * @param {{ code?: string, field?: string | null, message?: string } | null | undefined} error
 */
export function errorMessage(error) {
  if (!error) return 'The circle could not be created. Please try again.';
  const target = errorTarget(error.field);
  if (target === 'facilitator_name') return 'Please choose a name of 1 to 40 characters, with no invisible or direction-changing characters.';
  if (target.startsWith('settings.time_boxes.')) return 'Time boxes are 10 seconds to 2 hours (0.2 to 120 minutes).';
  if (error.code === 'create_code') return 'That is not this server’s creation code. Ask whoever runs it for the code.';
  if (error.code === 'rate_limited') return 'Too many circles were created from your network just now. Please try again later.';
  if (error.code === 'server_busy') return 'The server is very busy right now. Please try again in a few seconds.';
  if (error.code === 'server_full') return 'This server is busy with its maximum number of circles. Please try again later.';
  if (error.code === 'malformed_json') return 'The page sent something the server could not read. Please reload and try again.';
  return error.message ? sentenceCase(error.message) : 'The circle could not be created. Please check the form.';
}

/**
 * The message to paste in the video call's chat.
 * @param {string} circleName
 * @param {string} joinUrl
 */
export function invitationText(circleName, joinUrl) {
  return [
    `Join our mastermind circle “${circleName}” on Hotseat:`,
    joinUrl,
    'Open the link beside this call, enter your name, and you are in.',
  ].join('\n');
}
