// Shared helpers for the end-to-end tests: a real Hotseat server on 127.0.0.1:0, one headless
// Chromium (Debian's) with a fresh context per person, and small steps used by every test.

import { spawn } from 'node:child_process';
import { before, after } from 'node:test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ARTIFACTS = path.join(REPO, 'tests', 'artifacts');
// Where cargo put the binary: CARGO_TARGET_DIR when set, as cargo itself does.
const SERVER_BIN = path.join(path.resolve(REPO, process.env.CARGO_TARGET_DIR ?? 'target'), 'debug', 'hotseat');
const CHROMIUM = process.env.HOTSEAT_CHROMIUM ?? '/usr/bin/chromium';

export const DESKTOP = { width: 1280, height: 900 };
export const NARROW = { width: 360, height: 780 };

/**
 * Starts `target/debug/hotseat` with a throw-away data folder (`--data`) on a free port
 * (`--listen 127.0.0.1:0`) and waits for its "listening" line.
 *
 * `restart()` stops the process with SIGTERM (as a service manager does) and starts a new
 * one on the same data folder and the same port, so open pages can reconnect to it.
 * `stop()` stops it for good and removes the data folder.
 * @param {{ env?: Record<string, string> }} [options] extra environment (e.g. HOTSEAT_GRACE)
 */
export async function startServer(options = {}) {
  if (!existsSync(SERVER_BIN)) {
    throw new Error(`The server binary is missing: ${SERVER_BIN}. Build it first with \`cargo build -p hotseat-server\`.`);
  }
  const data = mkdtempSync(path.join(tmpdir(), 'hotseat-e2e-'));
  let running = await spawnServer(data, '127.0.0.1:0', options.env);
  const url = running.url;
  const port = Number(new URL(url).port);
  let log = '';
  return {
    url,
    port,
    data,
    output: () => `${log}${running.output()}`,
    /** Stops the server (SIGTERM) and starts a new one on the same data folder and port. */
    restart: async () => {
      await running.stop();
      log += running.output();
      // The port was ours a moment ago; retry briefly should the system hold it a little.
      for (let attempt = 0; ; attempt += 1) {
        try {
          running = await spawnServer(data, `127.0.0.1:${port}`, options.env);
          break;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      if (running.url !== url) throw new Error(`the restarted server listens on ${running.url}, not ${url}`);
    },
    stop: async () => {
      await running.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/**
 * One server process on `data` and `listen`; resolves once it says it is listening.
 * @param {string} data
 * @param {string} listen
 * @param {Record<string, string>} [env]
 */
async function spawnServer(data, listen, env = {}) {
  const child = spawn(SERVER_BIN, ['--listen', listen, '--data', data], {
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'hotseat_server=warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The server did not say it was listening within 15 s.\n${out}\n${err}`));
    }, 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Hotseat is listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited early (code ${code}).\n${out}\n${err}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url: /** @type {string} */ (url),
    output: () => `${out}\n${err}`,
    stop: async () => {
      if (child.exitCode == null && child.signalCode == null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

/** One browser process for a whole test file; each person gets their own context. */
/**
 * Starts a server and a browser before the tests of the calling file and stops both after
 * them; `ready` receives them once they run.
 * @param {(server: Awaited<ReturnType<typeof startServer>>, browser: import('playwright-core').Browser) => void} ready
 */
export function useServerAndBrowser(ready) {
  /** @type {Awaited<ReturnType<typeof startServer>> | undefined} */
  let server;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ready(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new person: a fresh browser context (own storage) and page. Records page errors, console
 * errors (CSP violations show there) and dialogs, so tests can assert there were none.
 * @param {import('playwright-core').Browser} browser
 * @param {{ width: number, height: number }} [viewport]
 * @param {{ colorScheme?: 'light' | 'dark', reducedMotion?: 'reduce' | 'no-preference',
 *           timezoneId?: string, locale?: string }} [options] the time zone and language default
 *   to the machine's
 */
export async function newPerson(browser, viewport = DESKTOP, options = {}) {
  const context = await browser.newContext({
    viewport,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    acceptDownloads: true,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = { errors: /** @type {string[]} */ ([]), dialogs: /** @type {string[]} */ ([]) };
  page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.errors.push(`console: ${m.text()}`);
  });
  page.on('dialog', async (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  return { context, page, problems };
}

/**
 * Creates a circle through the HTTP API (for tests that are not about the start page).
 * @param {string} url
 * @param {object} body
 */
export async function createCircle(url, body) {
  const response = await fetch(`${url}/api/circles`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create circle: ${response.status} ${await response.text()}`);
  return /** @type {Promise<{ room: string, join_url: string, facilitator_url: string }>} */ (response.json());
}

/**
 * Opens the members' link and joins with a name; resolves once in the room.
 * @param {import('playwright-core').Page} page
 * @param {string} joinUrl
 * @param {string} name
 */
export async function join(page, joinUrl, name) {
  await page.goto(joinUrl);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('room-screen').waitFor();
}

/**
 * Opens the facilitator's link; resolves once the facilitator's panel is there.
 * @param {import('playwright-core').Page} page
 * @param {string} facilitatorUrl
 */
export async function openAsFacilitator(page, facilitatorUrl) {
  await page.goto(facilitatorUrl);
  await page.getByTestId('facilitator-panel').waitFor();
}

/**
 * The seat id shown as "(you)" in the people list.
 * @param {import('playwright-core').Page} page
 */
export async function mySeat(page) {
  const me = page.getByTestId('member').filter({ hasText: '(you)' });
  return Number(await me.getAttribute('data-seat'));
}

/**
 * Waits until the your-turn banner shows on this page.
 * @param {import('playwright-core').Page} page
 */
export async function waitForMyTurn(page) {
  await page.getByTestId('your-turn-banner').waitFor({ state: 'visible' });
}

/**
 * Saves a screenshot under tests/artifacts/.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {{ fullPage?: boolean }} [options]
 */
export async function shot(page, name, options = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: options.fullPage ?? true, animations: 'disabled' });
}

/**
 * Saves a screenshot of one part of a page under tests/artifacts/ (scrolled into view).
 * @param {import('playwright-core').Locator} locator
 * @param {string} name
 */
export async function shotOf(locator, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), animations: 'disabled' });
}

/**
 * True when the page scrolls sideways (it must not, down to 360 px).
 * @param {import('playwright-core').Page} page
 */
export async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/**
 * Clicks the facilitator's "next" (confirming a move past members still to check in) and waits
 * for the phase name to change to `expected`.
 * @param {import('playwright-core').Page} page
 * @param {RegExp | string} expected
 */
export async function facilitatorNext(page, expected) {
  await page.getByTestId('f-next').click();
  // Out of check-in with members still to check in, "Next" asks first (issue 15, item 7).
  const confirm = page.getByTestId('f-checkin-go');
  if (await confirm.isVisible()) await confirm.click();
  await page.getByTestId('phase-name').filter({ hasText: expected }).waitFor();
}

/**
 * Runs a test body; on failure saves a screenshot of every page (tests/artifacts/failure-*)
 * before rethrowing, so a red test shows what each person saw.
 * @param {string} name
 * @param {() => Promise<void>} body
 * @param {() => import('playwright-core').Page[]} pages
 */
export async function withFailureShots(name, body, pages) {
  try {
    await body();
  } catch (error) {
    let i = 0;
    for (const page of pages()) {
      i += 1;
      try {
        await shot(page, `failure-${name}-${i}`);
      } catch {
        // the page may be gone
      }
    }
    throw error;
  }
}

/**
 * Seats a facilitator and members in a new circle and runs the meeting up to the question
 * round of the first member's hot seat (check-in skipped by the facilitator).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url the server
 * @param {{ members: string[], circle?: object, beforeJoin?: Record<string, (page: import('playwright-core').Page) => Promise<void>>,
 *           viewport?: { width: number, height: number } }} options
 */
export async function meetingAtQuestions(browser, url, options) {
  const circle = await createCircle(url, { name: 'Test circle', facilitator_name: 'Maya', ...(options.circle ?? {}) });
  const fac = await newPerson(browser, DESKTOP);
  await openAsFacilitator(fac.page, circle.facilitator_url);
  /** @type {Record<string, Awaited<ReturnType<typeof newPerson>>>} */
  const people = {};
  for (const name of options.members) {
    const person = await newPerson(browser, options.viewport ?? NARROW);
    await options.beforeJoin?.[name]?.(person.page);
    await join(person.page, circle.join_url, name);
    people[name] = person;
  }
  const presenter = people[options.members[0]].page;
  await presenter.getByTestId('volunteer').click();
  await fac.page.getByTestId('f-agenda-item').first().waitFor();
  await facilitatorNext(fac.page, 'Opening');
  for (const name of options.members) {
    await people[name].page.getByTestId('ack-norms').click();
    await people[name].page.getByTestId('panel-norms').waitFor({ state: 'hidden' });
  }
  await fac.page.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
  await facilitatorNext(fac.page, 'Check-in');
  await facilitatorNext(fac.page, 'Presenting');
  await facilitatorNext(fac.page, 'Question round');
  return { circle, fac, people };
}

/**
 * Every visible form control has a label and every visible button a name; returns the
 * ones that do not (empty when all is well).
 * @param {import('playwright-core').Page} page
 */
export async function unlabelledControls(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('input, select, textarea, button, a[href]')) {
      const box = /** @type {HTMLElement} */ (el).getBoundingClientRect();
      const visible = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      if (!visible || el.getAttribute('aria-hidden') === 'true') continue;
      const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
        || ('labels' in el && /** @type {HTMLInputElement} */ (el).labels?.length)
        || (['BUTTON', 'A'].includes(el.tagName) && el.textContent?.trim());
      if (!named) bad.push(el.outerHTML.slice(0, 120));
    }
    return bad;
  });
}
