// The TLS proxy test's pieces: a throwaway CA and server certificate made with openssl, an NSS
// database that trusts the CA (for Chromium), and Debian's nginx running deploy/nginx.conf.

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { REPO } from './harness.mjs';

/**
 * Runs a tool and returns its stdout; a failure names the command and shows its stderr.
 * @param {string} cmd
 * @param {string[]} args
 */
function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = /** @type {{ stderr?: string, message: string }} */ (error);
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/**
 * A CA made for this run and a certificate it signed for 127.0.0.1 and localhost.
 * @param {string} dir
 */
export function makeCertificates(dir) {
  const f = (/** @type {string} */ name) => path.join(dir, name);
  writeFileSync(f('server.ext'), [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectAltName = IP:127.0.0.1, DNS:localhost',
    '',
  ].join('\n'));
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=Hotseat test CA (throwaway)',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1']);
  run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'),
    '-CAcreateserial', '-days', '2', '-extfile', f('server.ext'), '-out', f('server.pem')]);
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key'), caPem: readFileSync(f('ca.pem'), 'utf8') };
}

/**
 * A HOME whose NSS database (where Chromium on Linux looks) trusts `caFile` for TLS servers.
 * @param {string} home
 * @param {string} caFile
 */
export function trustingHome(home, caFile) {
  const db = path.join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  run('certutil', ['-d', `sql:${db}`, '-N', '--empty-password']);
  run('certutil', ['-d', `sql:${db}`, '-A', '-t', 'C,,', '-n', 'hotseat-test-ca', '-i', caFile]);
  return home;
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * deploy/nginx.conf with the test's ports and certificate put in place of the production
 * ones. Every swap must match, so the test fails loudly when the shipped file drifts.
 * @param {{ httpsPort: number, httpPort: number, backendPort: number, cert: string, key: string }} o
 */
export function siteConfig(o) {
  let site = readFileSync(path.join(REPO, 'deploy', 'nginx.conf'), 'utf8');
  /** @type {[string | RegExp, string][]} */
  const swaps = [
    ['/etc/letsencrypt/live/circle.example.org/fullchain.pem', o.cert],
    ['/etc/letsencrypt/live/circle.example.org/privkey.pem', o.key],
    [/^\s*listen \[::\]:80;\n/m, ''],
    [/^\s*listen \[::\]:443 ssl http2;\n/m, ''],
    ['listen 80;', `listen 127.0.0.1:${o.httpPort};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${o.httpsPort} ssl http2;`],
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${o.backendPort};`],
  ];
  for (const [from, to] of swaps) {
    const next = site.replace(from, to);
    if (next === site) throw new Error(`deploy/nginx.conf no longer contains ${from}; update tests/browser/lib/tls.mjs`);
    site = next;
  }
  return site.replaceAll('circle.example.org', '127.0.0.1');
}

/**
 * Starts Debian's nginx in the foreground on `site`, everything (pid, logs, temp files) in
 * `dir`, one process (no workers switching user), so it runs as root or not. Resolves once it
 * answers TLS on `httpsPort`; rejects with its error log if it exits or does not come up.
 * @param {string} dir
 * @param {string} site
 * @param {number} httpsPort
 * @param {string} caPem
 */
export async function startNginx(dir, site, httpsPort, caPem) {
  mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  const log = path.join(dir, 'error.log');
  writeFileSync(path.join(dir, 'hotseat.conf'), site);
  writeFileSync(path.join(dir, 'nginx.conf'), [
    'daemon off;',
    'master_process off;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${log} info;`,
    'events { worker_connections 256; }',
    'http {',
    `  access_log ${path.join(dir, 'access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(dir, 'tmp', t)};`),
    `  include ${path.join(dir, 'hotseat.conf')};`,
    '}',
    '',
  ].join('\n'));
  const nginx = process.env.HOTSEAT_NGINX ?? '/usr/sbin/nginx';
  const child = spawn(nginx, ['-p', dir, '-e', log, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const failed = new Promise((_, reject) => {
    child.once('error', (e) => reject(new Error(`nginx could not start (${nginx}): ${e.message}. Install it: apt-get install nginx`)));
    child.once('exit', (code) => {
      let errors = '';
      try { errors = readFileSync(log, 'utf8'); } catch { /* none written */ }
      reject(new Error(`nginx exited (code ${code}).\n${output}\n${errors}`));
    });
  });
  failed.catch(() => {});
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await Promise.race([request(`https://127.0.0.1:${httpsPort}/healthz`, { ca: caPem }).then(() => true, () => false), failed]);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer on ${httpsPort} within 15 s.\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    stop: async () => {
      if (child.exitCode == null && child.signalCode == null) {
        child.removeAllListeners('exit');
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

/**
 * One HTTP(S) request from Node; resolves with the status, headers and body, or, for a
 * WebSocket upgrade the server accepts, status 101 (the socket is closed at once).
 * @param {string} url
 * @param {{ ca?: string, method?: string, headers?: Record<string, string>, body?: string,
 *           localAddress?: string }} [o] `localAddress`: the loopback address to send from
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: string }>}
 */
export function request(url, o = {}) {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, {
      method: o.method ?? 'GET',
      headers: o.headers,
      ...(o.ca ? { ca: o.ca } : {}),
      ...(o.localAddress ? { localAddress: o.localAddress } : {}),
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url} within 10 s`)));
    req.end(o.body);
  });
}

/**
 * Starts the debug `hotseat` (as lib/harness.mjs finds it) on 127.0.0.1:`port` with a fresh
 * data folder and `publicUrl`; resolves once it says it listens on that public URL.
 * @param {string} data
 * @param {number} port
 * @param {string} publicUrl
 * @param {string[]} [extra] more flags
 */
export async function startHotseatBehindProxy(data, port, publicUrl, extra = []) {
  const bin = path.join(path.resolve(REPO, process.env.CARGO_TARGET_DIR ?? 'target'), 'debug', 'hotseat');
  const child = spawn(bin, ['--listen', `127.0.0.1:${port}`, '--data', data, '--public-url', publicUrl, ...extra], {
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'hotseat_server=warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hotseat did not say it was listening within 15 s.\n${output}`)), 15_000);
    child.once('error', (e) => { clearTimeout(timer); reject(new Error(`${bin}: ${e.message}. Build it: cargo build -p hotseat-server`)); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`hotseat exited early (code ${code}).\n${output}`)); });
    child.stdout.on('data', () => {
      if (output.includes(`Hotseat is listening on ${publicUrl}`)) {
        clearTimeout(timer);
        resolve(undefined);
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    output: () => output,
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
