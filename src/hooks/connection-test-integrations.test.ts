/**
 * `connections test` for the aws, smtp and slack types against real servers
 * started here (s3rver, smtp-server, a Slack-compatible endpoint): a working
 * connection passes, a broken one answers with the server's reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnectionInfo } from '../sdk/context.js';
import type { Connection } from '../store/types.js';
import { testConnection } from './connection-test.js';
import { startLocalS3, type LocalS3 } from './testing/s3-server.js';
import { startLocalSlack, type LocalSlack } from './testing/slack-server.js';
import { startLocalSmtp, type LocalSmtp } from './testing/smtp-server.js';

const stored = (conn: ConnectionInfo): Connection => ({ ...conn, description: null, extra: JSON.stringify(conn.extra), isEncrypted: false, isExtraEncrypted: false });

describe('testing aws, smtp and slack connections', () => {
  let s3: LocalS3;
  let smtp: LocalSmtp;
  let slack: LocalSlack;
  before(async () => {
    [s3, smtp, slack] = await Promise.all([startLocalS3(['tested']), startLocalSmtp({ mode: 'starttls', auth: { user: 'u', pass: 'p' } }), startLocalSlack()]);
  });
  after(async () => {
    await Promise.all([s3.stop(), smtp.stop(), slack.stop()]);
  });

  it('aws: ListBuckets passes; an unknown key id and a missing bucket_name fail with the reason', async () => {
    assert.deepEqual(await testConnection(stored(s3.connection('s3'))), { ok: true, message: 'Connection successfully tested' });
    const wrongKey = await testConnection(stored({ ...s3.connection('s3'), login: 'NOPE' }));
    assert.equal(wrongKey.ok, false);
    assert.match(wrongKey.message, /S3 connection 's3' .*ListBuckets failed: InvalidAccessKeyId/);
    const noBucket = await testConnection(stored(s3.connection('s3', { bucket_name: 'absent-bucket' })));
    assert.match(noBucket.message, /HeadBucket s3:\/\/absent-bucket failed/);
  });

  it('smtp: connects, upgrades with STARTTLS and logs in; a wrong password is refused', async () => {
    assert.deepEqual(await testConnection(stored(smtp.connection('mail'))), { ok: true, message: 'Connection successfully tested' });
    const wrong = await testConnection(stored({ ...smtp.connection('mail'), password: 'bad' }));
    assert.equal(wrong.ok, false);
    assert.match(wrong.message, /SMTP connection 'mail' .*testing failed: Invalid login: 535/);
  });

  it('slack: auth.test accepts the token; a wrong one answers invalid_auth', async () => {
    assert.deepEqual(await testConnection(stored(slack.apiConnection('slack'))), { ok: true, message: 'Connection successfully tested' });
    const wrong = await testConnection(stored(slack.apiConnection('slack', { password: 'xoxb-wrong' })));
    assert.deepEqual(wrong, { ok: false, message: "Slack API connection 'slack': auth.test failed: invalid_auth" });
  });
});
