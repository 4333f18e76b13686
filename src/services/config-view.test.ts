import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../config/config.js';
import { configSections, configText } from './config-view.js';
import { NotFoundError } from './errors.js';

test('secrets read ***, unset values are empty, unknown sections and options are not found', () => {
  const home = mkdtempSync(join(tmpdir(), 'updraft-config-view-'));
  try {
    const config = loadConfig({ UPDRAFT_HOME: home, UPDRAFT__API__JWT_SECRET: 'topsecret', UPDRAFT__CORE__PARALLELISM: '7' });
    const api = configSections(config, 'API');
    assert.equal(api.length, 1);
    assert.equal(api[0]!.options.find((o) => o.key === 'jwt_secret')?.value, '***');
    assert.ok(!JSON.stringify(configSections(config)).includes('topsecret'));
    assert.equal(configText(configSections(config, 'core', 'parallelism')), '[core]\nparallelism = 7\n');
    assert.throws(() => configSections(config, 'nope'), NotFoundError);
    assert.throws(() => configSections(config, 'core', 'nope'), NotFoundError);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
