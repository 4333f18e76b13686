/** The [smtp] and [email] settings reach task and callback processes through the environment they inherit. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shareSettingsWithChildren } from './child-env.js';
import { loadConfig } from './config.js';

test('settings of the shared sections that are not at their default become UPDRAFT__SECTION__KEY variables', () => {
  const config = loadConfig(
    { UPDRAFT_HOME: '/nonexistent-updraft-home', UPDRAFT__SMTP__SMTP_PORT: '2525' },
    { settings: { 'smtp.host': 'mail.example.com', 'email.default_email_on_retry': false, 'core.parallelism': 3 } },
  );
  const env: NodeJS.ProcessEnv = {};
  shareSettingsWithChildren(config, env);
  assert.deepEqual(env, { UPDRAFT__SMTP__HOST: 'mail.example.com', UPDRAFT__SMTP__PORT: '2525', UPDRAFT__EMAIL__DEFAULT_EMAIL_ON_RETRY: 'false' });
  // A child reading its environment sees the same values.
  const child = loadConfig({ UPDRAFT_HOME: '/nonexistent-updraft-home', ...env });
  assert.equal(child.settings.find((s) => s.option.section === 'smtp' && s.option.key === 'port')?.value, 2525);
});
