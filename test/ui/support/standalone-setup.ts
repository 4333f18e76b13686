/**
 * What browser tests set up on their standalone before driving it: an API
 * client signed in as admin, extra users made with the CLI, and a wait for
 * the DAG processor's first pass.
 */
import assert from 'node:assert/strict';
import { UpdraftClient } from '../../../src/client/index.js';
import { updraft } from '../../support/scheduler-harness.js';
import type { Standalone } from '../../support/standalone-process.js';

export async function adminClient(s: Standalone): Promise<UpdraftClient> {
  const client = new UpdraftClient({ baseUrl: s.url });
  await client.login('admin', s.adminPassword);
  return client;
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly role: string;
}

/** `updraft users create`, which must succeed. */
export async function createUser(s: Standalone, user: NewUser): Promise<void> {
  const created = await updraft(s.home, ['users', 'create', '-u', user.username, '-r', user.role, '-e', user.email, '-p', user.password]);
  assert.equal(created.status, 0, created.stderr);
}

/**
 * Polls every 100 ms, at most `attempts` times, until the API lists exactly
 * `count` DAGs; gives up quietly (the test then fails on what it sees).
 */
export async function waitForDagCount(client: UpdraftClient, count: number, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if ((await client.dags.list()).total_entries === count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
