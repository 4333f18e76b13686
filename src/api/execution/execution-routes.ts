/**
 * The execution API: what `updraft worker` processes call instead of touching
 * the metadata database (Airflow 3's Task Execution API). Every call carries
 * the token of one try (execution-token.ts) and can only read or change that
 * try and its run:
 *
 *   POST /execution/tries/start      start token -> the try is running; an execution token
 *   POST /execution/tries/heartbeat  still running? (409: stop it); refreshes the token
 *   PUT  /execution/tries/logs       a piece of the try's log
 *   POST /execution/tries/services   XComs, variables, connections... of the run
 *   POST /execution/tries/finish     the outcome, recorded as the scheduler records a local one
 *
 * Internal to Updraft (not part of Airflow's public API v2), so not in /api/v2/openapi.json.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { JsonValue } from '../../core/dag-spec.js';
import type { TaskInstance } from '../../core/run-model.js';
import { decodeOutcome } from '../../executor/outcome-codec.js';
import { callTaskService, isTaskServiceMethod } from '../../executor/task-service-call.js';
import { taskLogPath } from '../../runner/log-file.js';
import { storeTaskServices } from '../../runner/store-task-services.js';
import { recordTaskFinished, recordTaskStarted } from '../../scheduler/record-task-event.js';
import { recordTaskInterrupted } from '../../scheduler/recover-orphans.js';
import { dagRunStarter } from '../../services/trigger-dag.js';
import type { ApiDeps } from '../api-context.js';
import type { AuthEnv } from '../route-def.js';
import { signTryToken, verifyTryToken, type TokenUse, type TryClaims } from './execution-token.js';
import { appendLogPiece } from './try-log-shipping.js';

export interface ExecutionApiOptions {
  /** Signs and checks task tokens (`executionKey` of the API's JWT secret). */
  readonly key: string;
  readonly tokenTtlSec: number;
}

/** The executor name recorded on tries that workers run. */
export const QUEUE_EXECUTOR_NAME = 'queue';

const REFRESHED_TOKEN_HEADER = 'Refreshed-API-Token';

const StartBody = z.object({ hostname: z.string().min(1).max(255), pid: z.number().int().nonnegative(), worker: z.string().min(1).max(255) }).strict();
const LogBody = z.object({ offset: z.number().int().nonnegative(), text: z.string() }).strict();
const ServiceBody = z.object({ method: z.string(), args: z.array(z.unknown()).max(8) }).strict();
const FinishBody = z.object({ outcome: z.unknown(), interrupted: z.boolean().optional() }).strict();

export function registerExecutionRoutes(api: OpenAPIHono<AuthEnv>, deps: ApiDeps, options: ExecutionApiOptions): void {
  const { store } = deps.app;
  const startRun = dagRunStarter(store, deps.onChange);

  const claimsOf = (c: Context, use: TokenUse): TryClaims | Response => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) return c.json({ detail: 'Not authenticated: send the task token as Authorization: Bearer <token>' }, 401);
    const checked = verifyTryToken(token, options.key, use, deps.now());
    if (!checked.ok) return c.json({ detail: `Invalid task token: ${checked.reason}` }, 401);
    return checked.claims;
  };

  /** The try the token names, if it is still the instance's current try and running; else the 409 telling the worker to stop. */
  const liveTry = async (c: Context, claims: TryClaims): Promise<TaskInstance | Response> => {
    const ti = await store.taskInstances.get(claims.ti);
    if (ti && ti.tryNumber === claims.tryNumber && ti.state === 'running') return ti;
    const now = ti ? `${ti.state ?? 'none'} at try ${ti.tryNumber}` : 'deleted';
    return c.json({ detail: `try ${claims.tryNumber} of ${describeKey(claims)} is no longer running (the instance is ${now}): stop it`, state: ti?.state ?? null }, 409);
  };

  const refresh = (c: Context, claims: TryClaims): void => {
    // Past half its life, the token is replaced: a try that keeps calling never loses it.
    if (claims.exp - deps.now().getTime() / 1000 < options.tokenTtlSec / 2) {
      c.header(REFRESHED_TOKEN_HEADER, signTryToken(options.key, 'execute_try', claims.ti, claims.tryNumber, deps.now(), options.tokenTtlSec));
    }
  };

  api.post('/execution/tries/start', async (c) => {
    const claims = claimsOf(c, 'start_try');
    if (claims instanceof Response) return claims;
    const body = await parse(c, StartBody);
    if (body instanceof Response) return body;
    const ti = await store.taskInstances.get(claims.ti);
    if (!ti || ti.tryNumber !== claims.tryNumber || ti.state !== 'queued') {
      const now = ti ? `${ti.state ?? 'none'} at try ${ti.tryNumber}` : 'deleted';
      return c.json({ detail: `try ${claims.tryNumber} of ${describeKey(claims)} is not queued any more (the instance is ${now}): the job is stale, drop it` }, 409);
    }
    const at = deps.now();
    const started = await recordTaskStarted(store, { kind: 'started', key: claims.ti, tryNumber: claims.tryNumber, hostname: body.hostname, pid: body.pid, at }, QUEUE_EXECUTOR_NAME);
    if (!started) return c.json({ detail: `try ${claims.tryNumber} of ${describeKey(claims)} was started or changed by someone else: drop the job` }, 409);
    const version = await store.dags.getVersion(ti.dagVersionId);
    const dagSourceHash = version?.sourceCode == null ? null : createHash('sha256').update(version.sourceCode).digest('hex');
    return c.json({ token: signTryToken(options.key, 'execute_try', claims.ti, claims.tryNumber, at, options.tokenTtlSec), dagSourceHash }, 200);
  });

  api.post('/execution/tries/heartbeat', async (c) => {
    const claims = claimsOf(c, 'execute_try');
    if (claims instanceof Response) return claims;
    const ti = await liveTry(c, claims);
    if (ti instanceof Response) return ti;
    await store.taskInstances.update(claims.ti, { lastHeartbeatAt: deps.now() }, 'running');
    refresh(c, claims);
    return c.json({ state: 'running' }, 200);
  });

  api.put('/execution/tries/logs', async (c) => {
    const claims = claimsOf(c, 'execute_try');
    if (claims instanceof Response) return claims;
    const body = await parse(c, LogBody);
    if (body instanceof Response) return body;
    // A log is written even after the try ended: the last lines arrive with or after its outcome.
    const appended = appendLogPiece(taskLogPath(deps.app.config.logsFolder, claims.ti, claims.tryNumber), body.offset, body.text);
    if (!appended.ok) return c.json({ detail: `the log piece starts at byte ${body.offset} but the server has ${appended.size} bytes: send from there`, size: appended.size }, 409);
    refresh(c, claims);
    return c.json({ size: appended.size }, 200);
  });

  api.post('/execution/tries/services', async (c) => {
    const claims = claimsOf(c, 'execute_try');
    if (claims instanceof Response) return claims;
    const body = await parse(c, ServiceBody);
    if (body instanceof Response) return body;
    if (!isTaskServiceMethod(body.method)) return c.json({ detail: `unknown task service '${body.method}'` }, 400);
    const ti = await liveTry(c, claims);
    if (ti instanceof Response) return ti;
    const run = await store.dagRuns.get(claims.ti);
    if (!run) return c.json({ detail: `the run of ${describeKey(claims)} is gone` }, 404);
    const services = storeTaskServices(store, run, deps.now, deps.app.secrets, startRun);
    try {
      const value = await callTaskService(services, body.method, body.args as JsonValue[]);
      refresh(c, claims);
      return c.json({ value }, 200);
    } catch (error) {
      // The task's own problem (no such connection, a bad XCom...): its code gets the message.
      return c.json({ detail: error instanceof Error ? error.message : String(error) }, 400);
    }
  });

  api.post('/execution/tries/finish', async (c) => {
    const claims = claimsOf(c, 'execute_try');
    if (claims instanceof Response) return claims;
    const body = await parse(c, FinishBody);
    if (body instanceof Response) return body;
    let outcome;
    try {
      outcome = decodeOutcome(body.outcome);
    } catch (error) {
      return c.json({ detail: (error as Error).message }, 422);
    }
    const event = { kind: 'finished', key: claims.ti, tryNumber: claims.tryNumber, outcome, at: deps.now() } as const;
    let recorded: boolean;
    if (body.interrupted) {
      recorded = await recordTaskInterrupted(store, event);
    } else {
      const ti = await store.taskInstances.get(claims.ti);
      const version = ti ? await store.dags.getVersion(ti.dagVersionId) : null;
      recorded = ti !== null && version !== null && (await recordTaskFinished(store, version.spec, event)).recorded;
    }
    // Not recorded: the try was cleared, marked or already reported; the answer is the same, so a retried report is harmless.
    if (recorded) deps.onTryRecorded?.({ key: claims.ti, tryNumber: claims.tryNumber });
    return c.json({ recorded }, 200);
  });
}

async function parse<T extends z.ZodTypeAny>(c: Context, schema: T): Promise<z.infer<T> | Response> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    return c.json({ detail: 'the body is not JSON' }, 400);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return c.json({ detail: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') }, 422);
  return parsed.data as z.infer<T>;
}

function describeKey(claims: TryClaims): string {
  const { dagId, taskId, mapIndex, runId } = claims.ti;
  return `${dagId}.${taskId}${mapIndex >= 0 ? `[${mapIndex}]` : ''} (run ${runId})`;
}
