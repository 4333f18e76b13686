/**
 * A real S3-compatible server for tests: s3rver in its own process on a temp
 * folder, its credentials, and an `aws` connection pointing at it. s3rver checks
 * the access key id but not SigV4 signatures, so a wrong key id is the
 * credential error a test can provoke.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ConnectionInfo } from '../../sdk/context.js';
import type { JsonObject } from '../../core/dag-spec.js';

/** The only key pair s3rver knows. */
export const S3_ACCESS_KEY = 'S3RVER';
export const S3_SECRET_KEY = 'S3RVER';

export interface LocalS3 {
  readonly endpoint: string;
  connection(connId: string, extra?: JsonObject): ConnectionInfo;
  stop(): Promise<void>;
}

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 's3-server-main.mjs');

export async function startLocalS3(buckets: readonly string[]): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), 'updraft-s3-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', MAIN, directory, ...buckets], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the s3rver process exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    connection: (connId, extra = {}) => ({
      connId,
      connType: 'aws',
      host: null,
      schema: null,
      login: S3_ACCESS_KEY,
      password: S3_SECRET_KEY,
      port: null,
      extra: { endpoint_url: endpoint, region_name: 'us-east-1', ...extra },
    }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
