/**
 * Slack hooks against a Slack-compatible HTTP endpoint started here:
 * incoming webhooks (Airflow's URL rule from host/schema/password, the token
 * kept out of logs and errors) and the Web API (bearer token, channel, Slack's
 * `{ ok: false, error }` answers, 429 with Retry-After), and SlackHook's choice
 * between them by connection type.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { connection } from './testing/connection.js';
import { recordingLogger } from './testing/recording-logger.js';
import { SLACK_API_TOKEN, SLACK_WEBHOOK_TOKEN, startLocalSlack, type LocalSlack } from './testing/slack-server.js';
import { SlackApiError, SlackApiHook } from './slack-api-hook.js';
import { SlackHook } from './slack-hook.js';
import { SlackWebhookHook, slackWebhookUrl } from './slack-webhook-hook.js';

describe('Slack hooks against a local Slack-compatible endpoint', () => {
  let slack: LocalSlack;
  before(async () => {
    slack = await startLocalSlack();
  });
  beforeEach(() => {
    slack.posts.length = 0;
  });
  after(() => slack.stop());

  it('builds the webhook URL as Airflow\'s SlackWebhookHook does', () => {
    const hook = connection({ connId: 'w', connType: 'slackwebhook', password: 'T0/B0/xyz' });
    assert.deepEqual(slackWebhookUrl(hook), { url: 'https://hooks.slack.com/services/T0/B0/xyz', displayUrl: 'https://hooks.slack.com/services/***' });
    assert.equal(slackWebhookUrl({ ...hook, host: 'proxy.local/slack/', schema: 'http' }).url, 'http://proxy.local/slack/T0/B0/xyz');
    assert.equal(slackWebhookUrl({ ...hook, host: 'https://h.example/services' }).url, 'https://h.example/services/T0/B0/xyz');
    assert.deepEqual(slackWebhookUrl({ ...hook, password: 'https://hooks.slack.com/services/T0/B0/full' }), {
      url: 'https://hooks.slack.com/services/T0/B0/full',
      displayUrl: 'https://hooks.slack.com/***',
    });
    assert.throws(() => slackWebhookUrl({ ...hook, password: '  ' }), /Connection 'w' \(slackwebhook\): a Slack webhook connection needs the webhook token/);
  });

  it('posts text and blocks through the webhook, and keeps the token out of the log', async () => {
    const log = recordingLogger();
    const hook = new SlackWebhookHook(slack.webhookConnection('slack_hook'), { log });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Loaded* 42 rows' } }];
    await hook.send({ text: 'Loaded 42 rows', blocks, unfurlLinks: false });
    await hook.sendText('plain');
    assert.deepEqual(slack.posts, [
      { via: 'webhook', payload: { text: 'Loaded 42 rows', blocks, unfurl_links: false } },
      { via: 'webhook', payload: { text: 'plain' } },
    ]);
    assert.match(log.text(), /posted a Slack message through http:\/\/127\.0\.0\.1:\d+\/services\/\*\*\*/);
    assert.doesNotMatch(log.text(), /abcdefghijklmnop/);
  });

  it('reports Slack\'s webhook errors without the token', async () => {
    const wrong = new SlackWebhookHook(slack.webhookConnection('slack_hook', { password: 'T0001/B0001/not-the-right-one' }));
    const error = await wrong.send({ text: 'x' }).catch((e: Error) => e);
    assert.ok(error instanceof Error);
    assert.match(error.message, /Slack webhook connection 'slack_hook': POST http:\/\/127\.0\.0\.1:\d+\/services\/\*\*\* answered 404: no_service/);
    assert.doesNotMatch(error.message, /not-the-right-one/);
    await assert.rejects(new SlackWebhookHook(slack.webhookConnection('slack_hook')).send({}), /a Slack message needs text, blocks or attachments/);
  });

  it('retries a rate-limited webhook post (429 with Retry-After)', async () => {
    slack.rateLimitNext(2);
    const log = recordingLogger();
    await new SlackWebhookHook(slack.webhookConnection('slack_hook'), { log, retryDelayMs: 10 }).send({ text: 'after the limit' });
    assert.equal(slack.posts.length, 1);
    assert.equal(log.lines.filter((l) => /answered 429/.test(l)).length, 2);
    assert.doesNotMatch(log.text(), new RegExp(SLACK_WEBHOOK_TOKEN.split('/')[2] as string));
  });

  it('posts with chat.postMessage and the bearer token, returning the message ts', async () => {
    const hook = new SlackApiHook(slack.apiConnection('slack_api'));
    const result = await hook.postMessage({ channel: '#alerts', text: 'Disk full', threadTs: '1700000000.000001', iconEmoji: ':fire:' });
    assert.deepEqual(result, { ts: '1700000000.000001', channel: 'C0ALERTS' });
    assert.deepEqual(slack.posts, [{ via: 'api', payload: { channel: '#alerts', text: 'Disk full', thread_ts: '1700000000.000001', icon_emoji: ':fire:' } }]);
    await hook.test();
  });

  it('turns Slack\'s { ok: false } answers into errors naming the method and reason', async () => {
    const hook = new SlackApiHook(slack.apiConnection('slack_api'));
    await assert.rejects(hook.postMessage({ channel: '#nowhere', text: 'x' }), (error: unknown) => {
      assert.ok(error instanceof SlackApiError);
      assert.equal(error.slackError, 'channel_not_found');
      assert.equal(error.message, "Slack API connection 'slack_api': chat.postMessage failed: channel_not_found");
      return true;
    });
    const badToken = new SlackApiHook(slack.apiConnection('slack_bad', { password: 'xoxb-wrong' }));
    await assert.rejects(badToken.test(), /Slack API connection 'slack_bad': auth\.test failed: invalid_auth/);
    await assert.rejects(hook.postMessage({ text: 'no channel' }), /chat\.postMessage needs a channel/);
    assert.throws(() => new SlackApiHook(connection({ connId: 'tokenless', connType: 'slack' })), /Connection 'tokenless' \(slack\): a Slack API connection needs the API token/);
    assert.throws(() => new SlackApiHook(slack.apiConnection('bad_base', { extra: { base_url: 'slack.local' } })), /extra\.base_url must be an http\(s\) URL/);
  });

  it('SlackHook picks the webhook or the Web API from the connection type', async () => {
    const viaWebhook = new SlackHook(slack.webhookConnection('w'));
    const viaApi = new SlackHook(slack.apiConnection('a'));
    assert.equal(viaWebhook.kind, 'webhook');
    assert.equal(viaApi.kind, 'api');
    await viaWebhook.send({ text: 'one' });
    await viaApi.send({ channel: '#data', text: 'two' });
    assert.deepEqual(slack.posts.map((p) => [p.via, p.payload.text]), [['webhook', 'one'], ['api', 'two']]);
    assert.throws(() => new SlackHook(connection({ connId: 'h', connType: 'http', password: SLACK_API_TOKEN })), /Connection 'h' \(http\): Slack needs a connection of type 'slackwebhook' \(incoming webhook\) or 'slack'/);
  });
});
