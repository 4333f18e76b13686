/**
 * `slackMessage(id, { connId, text })`: posts to Slack through a `slackwebhook`
 * connection (incoming webhook) or a `slack` connection (Web API token,
 * chat.postMessage: `channel` required). Airflow's SlackWebhookOperator and
 * SlackAPIPostOperator in one. Text, channel and strings inside blocks are
 * templated. XCom: `{ ts, channel }` (ts null through a webhook).
 *
 *   slackMessage('announce', { connId: 'slack', channel: '#data', text: 'Loaded {{ ds }}' });
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { Inputs } from '../inputs.js';
import type { TaskRef } from '../refs.js';
import type { TaskOptions } from '../task-options.js';
import { operatorTask } from './operator-task.js';

export interface SlackMessageOptions extends TaskOptions {
  /** A slackwebhook or slack connection. Templated. */
  connId: string;
  text?: string;
  /** Block Kit blocks. */
  blocks?: readonly JsonValue[];
  attachments?: readonly JsonValue[];
  /** Required with a Web API connection; modern webhooks post where the app says. */
  channel?: string;
  threadTs?: string;
  username?: string;
  iconEmoji?: string;
  iconUrl?: string;
  inputs?: Inputs;
}

export type SlackMessageConfig = {
  readonly connId: string;
  readonly text: string | null;
  readonly blocks: readonly JsonValue[] | null;
  readonly attachments: readonly JsonValue[] | null;
  readonly channel: string | null;
  readonly threadTs: string | null;
  readonly username: string | null;
  readonly iconEmoji: string | null;
  readonly iconUrl: string | null;
};

export interface SlackMessageResult {
  readonly ts: string | null;
  readonly channel: string | null;
}

export function slackMessage(id: string, options: SlackMessageOptions): TaskRef<SlackMessageResult> {
  return operatorTask<SlackMessageResult>('slackMessage', id, (check) => {
    const { connId, text, blocks, attachments, channel, threadTs, username, iconEmoji, iconUrl, inputs, ...taskOptions } = options;
    const list = (option: string, value: unknown): JsonValue[] | null => {
      if (value === undefined || value === null) return null;
      if (!Array.isArray(value)) check.fail(option, 'must be a list');
      return check.json(option, value) as JsonValue[];
    };
    const config: SlackMessageConfig = {
      connId: check.text('connId', connId),
      text: check.optionalText('text', text),
      blocks: list('blocks', blocks),
      attachments: list('attachments', attachments),
      channel: check.optionalText('channel', channel),
      threadTs: check.optionalText('threadTs', threadTs),
      username: check.optionalText('username', username),
      iconEmoji: check.optionalText('iconEmoji', iconEmoji),
      iconUrl: check.optionalText('iconUrl', iconUrl),
    };
    if (config.text === null && !config.blocks?.length && !config.attachments?.length) check.fail('text', 'or blocks must be given: the message needs content');
    return { kind: 'slack_message', operator: 'SlackAPIPostOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
