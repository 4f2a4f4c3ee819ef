// @ts-check
/**
 * An optional soft chime when the floor comes to you: two quiet sine tones made with
 * WebAudio (nothing is downloaded). Off by default; the choice is remembered.
 */

import { soundEnabled, setSoundEnabled } from './storage.js';

/** @type {AudioContext | null} */
let context = null;

function audio() {
  if (!context) {
    const Ctor = window.AudioContext ?? /** @type {any} */ (window).webkitAudioContext;
    if (!Ctor) return null;
    context = new Ctor();
  }
  return context;
}

export function isSoundOn() {
  return soundEnabled();
}

/**
 * Turns the chime on or off. Called from a click, which also lets the browser start audio.
 * @param {boolean} on
 */
export function setSound(on) {
  setSoundEnabled(on);
  if (on) {
    const ctx = audio();
    if (ctx && ctx.state === 'suspended') ctx.resume().catch(() => {});
  }
}

/** Plays the chime, if sound is on and the browser allows it. */
export function chime() {
  if (!soundEnabled()) return;
  const ctx = audio();
  if (!ctx) return;
  if (ctx.state === 'suspended') ctx.resume().catch(() => {});
  const start = ctx.currentTime + 0.02;
  [660, 880].forEach((freq, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const t = start + i * 0.18;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.08, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.65);
  });
}
