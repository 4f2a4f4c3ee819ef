// The shipped deploy/ files are checked by the tools that will read them: systemd's unit
// checker and security score, Caddy's and HAProxy's config validators (where installed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './lib/harness.mjs';
import { makeCertificates } from './lib/tls.mjs';

const DEPLOY = path.join(REPO, 'deploy');
const SERVER_BIN = path.join(path.resolve(REPO, process.env.CARGO_TARGET_DIR ?? 'target'), 'debug', 'hotseat');

/** @param {string} tool */
function installed(tool) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` } });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a tool; returns its combined output, or throws with it.
 * @param {string} cmd
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 */
function run(cmd, args, env = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  } catch (error) {
    const e = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

/** A scratch folder removed after `body`. @param {(dir: string) => void} body */
function inScratch(body) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotseat-deploy-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the systemd unit passes systemd-analyze verify and stays well sandboxed', { skip: !installed('systemd-analyze') && 'systemd-analyze is not installed' }, () => {
  inScratch((dir) => {
    assert.ok(existsSync(SERVER_BIN), `build the server first: ${SERVER_BIN}`);
    // verify also checks that ExecStart exists: point it at the binary just built.
    const unit = readFileSync(path.join(DEPLOY, 'hotseat.service'), 'utf8');
    assert.match(unit, /^ExecStart=\/usr\/local\/bin\/hotseat$/m);
    const copy = path.join(dir, 'hotseat.service');
    writeFileSync(copy, unit.replace(/^ExecStart=\/usr\/local\/bin\/hotseat$/m, `ExecStart=${SERVER_BIN}`));
    // verify exits 0 on a misspelt setting, only warning about it: any word from it fails.
    const verify = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr);
    assert.equal(`${verify.stdout}${verify.stderr}`.trim(), '', 'systemd-analyze verify has nothing to say');
    const security = run('systemd-analyze', ['security', '--offline=true', '--no-pager', copy]);
    const score = Number(/Overall exposure level for [^:]+: (\d+(?:\.\d+)?)/.exec(security)?.[1]);
    assert.ok(score <= 2.0, `exposure ${score} (0 is the best, 10 the worst; 1.5 when written)\n${security}`);
  });
});

test('the Caddyfile is valid for Caddy', { skip: !installed('caddy') && 'caddy is not installed (apt-get install caddy)' }, () => {
  inScratch((dir) => {
    const out = run('caddy', ['validate', '--adapter', 'caddyfile', '--config', path.join(DEPLOY, 'Caddyfile')],
      { HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir });
    assert.match(out, /Valid configuration/);
    const json = run('caddy', ['adapt', '--adapter', 'caddyfile', '--config', path.join(DEPLOY, 'Caddyfile')],
      { HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, HOTSEAT_UPSTREAM: 'hotseat:8080' });
    assert.ok(json.includes('"dial":"hotseat:8080"'), 'the upstream comes from HOTSEAT_UPSTREAM (compose.yaml sets it)');
    assert.ok(json.includes('"/metrics"') && json.includes('"status_code":404'), '/metrics answers 404 on the public side');
  });
});

test('the HAProxy configuration is valid for HAProxy', { skip: !installed('haproxy') && 'haproxy is not installed (apt-get install haproxy)' }, () => {
  inScratch((dir) => {
    // -c also opens the certificate: give it one made here.
    const certs = makeCertificates(dir);
    const pem = path.join(dir, 'site.pem');
    writeFileSync(pem, readFileSync(certs.cert, 'utf8') + readFileSync(certs.key, 'utf8'));
    const cfg = readFileSync(path.join(DEPLOY, 'haproxy.cfg'), 'utf8');
    assert.ok(cfg.includes('/etc/haproxy/certs/circle.example.org.pem'));
    const copy = path.join(dir, 'haproxy.cfg');
    writeFileSync(copy, cfg.replaceAll('/etc/haproxy/certs/circle.example.org.pem', pem));
    const haproxy = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';
    assert.match(run(haproxy, ['-c', '-f', copy]), /Configuration file is valid/);
  });
});
