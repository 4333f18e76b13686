/**
 * The second seed's StagingGlacierProcess: work folders land in a staging
 * directory; each one is audited, archived to S3-compatible storage in a cold
 * storage class, recorded, verified, and only then removed from staging. A
 * failure anywhere alerts on Slack and leaves the folder where it is: no data
 * is lost, and the next hourly sweep picks it up again.
 *
 *   wait_for_work ─> list_work_folders ─> audit ─> upload ─> record ─> verify ─> remove_from_staging ─> report
 *                                         └──────── one instance per folder (mapped) ────────┘
 *
 * A folder is ready when its SHA256SUMS manifest exists (so write it last), in
 * `sha256sum` format, one line per file, sub-folders included:
 *
 *   cd W22084 && find . -type f ! -name SHA256SUMS -printf '%P\0' | xargs -0 sha256sum > SHA256SUMS
 *
 * Where: the variables archive_staging_dir and archive_bucket (initialize_environment
 * creates them), the `aws_default` connection (extra.endpoint_url for S3-compatible
 * stores), or per run:
 *
 *   updraft dags trigger staging_glacier_process --conf '{"stagingDir": "/data/staging", "storageClass": "GLACIER"}'
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { dag, fileSensor, task, variable, z, type Callback, type TaskContext, type TaskLogger } from 'updraft';
import { S3Hook, slackNotifier } from 'updraft/hooks';

const MANIFEST = 'SHA256SUMS';
const RECORD = 'ARCHIVE-RECORD.json';

// Deployment defaults, read when the file is parsed (a change re-parses it); a run's conf may override them.
const defaultStagingDir = await variable('archive_staging_dir', join(process.env.UPDRAFT_HOME ?? join(homedir(), 'updraft'), 'staging'));
const defaultBucket = await variable('archive_bucket', 'archive');

/** One file of a work folder: its path inside the folder, size and SHA-256 (hex). */
interface ArchivedFile {
  path: string;
  size: number;
  sha256: string;
}

interface WorkFolder {
  /** Absolute path in staging. */
  folder: string;
  /** The folder's name: the key prefix in the bucket. */
  name: string;
  files: ArchivedFile[];
}

/** Failures go to the `slack` connection's channel: its login, as initialize_environment sets it up. */
const alertOnSlack: Callback = async (ctx) => {
  const { login } = await ctx.connections.get('slack');
  await slackNotifier({ connId: 'slack', channel: login ?? '#alerts' })(ctx);
};

export default dag(
  'staging_glacier_process',
  {
    schedule: '@hourly',
    startDate: '2024-01-01',
    params: z.object({
      stagingDir: z.string().default(defaultStagingDir),
      bucket: z.string().default(defaultBucket),
      storageClass: z.enum(['GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR']).default('DEEP_ARCHIVE'),
      connId: z.string().default('aws_default'),
    }),
    // No task retries: the S3 client retries transient errors itself, and the next sweep retries the rest.
    defaultArgs: { owner: 'archive-ops', onFailure: alertOnSlack },
    tags: ['example', 'seed', 's3'],
    description: 'Archive the work folders in staging to cold storage, then remove them from staging',
  },
  ({ params }) => {
    // Reschedule mode frees the worker slot between pokes; a sweep that finds nothing ends skipped.
    const waitForWork = fileSensor('wait_for_work', {
      path: `{{ params.stagingDir }}/*/${MANIFEST}`,
      mode: 'reschedule',
      pokeInterval: '30s',
      timeout: '50m',
      softFail: true,
    });

    const folders = task('list_work_folders', { inputs: { manifests: waitForWork } }, ({ manifests }, { log }) => {
      const found = manifests.map((manifest) => dirname(manifest));
      log.info(`${found.length} work folder(s) ready: ${found.map((folder) => basename(folder)).join(', ')}`);
      return found;
    });

    // Each step below runs once per folder found (`expand`), and hands its result to the next.
    const audited = task('audit', { expand: { folder: folders } }, ({ folder }, { log }) => auditFolder(folder, log));

    const uploaded = task('upload', { expand: { work: audited }, inputs: { p: params } }, ({ work, p }, ctx) =>
      withS3(p.connId, ctx, async (s3) => {
        for (const file of work.files) {
          const key = { bucket: p.bucket, key: `${work.name}/${file.path}` };
          await s3.upload(join(work.folder, file.path), key, { replace: true, storageClass: p.storageClass, metadata: { sha256: file.sha256 } });
        }
        return { ...work, bucket: p.bucket, storageClass: p.storageClass };
      }),
    );

    // The record stays in the standard class, so it can be read without a restore from cold storage.
    const recorded = task('record', { expand: { work: uploaded }, inputs: { p: params } }, ({ work, p }, ctx) =>
      withS3(p.connId, ctx, async (s3) => {
        const record = { folder: work.name, archivedAt: new Date().toISOString(), runId: ctx.runId, storageClass: work.storageClass, files: work.files };
        await s3.put({ bucket: work.bucket, key: `${work.name}/${RECORD}` }, JSON.stringify(record, null, 2), { replace: true, contentType: 'application/json' });
        return { ...work, record: `s3://${work.bucket}/${work.name}/${RECORD}` };
      }),
    );

    const verified = task('verify', { expand: { work: recorded }, inputs: { p: params } }, ({ work, p }, ctx) =>
      withS3(p.connId, ctx, async (s3) => {
        const problems: string[] = [];
        for (const file of work.files) {
          const found = await s3.head({ bucket: work.bucket, key: `${work.name}/${file.path}` });
          if (found === null) problems.push(`${file.path}: missing`);
          else if (found.size !== file.size) problems.push(`${file.path}: ${found.size} bytes, expected ${file.size}`);
          else if (found.metadata.sha256 !== file.sha256) problems.push(`${file.path}: checksum ${found.metadata.sha256 ?? 'absent'}, expected ${file.sha256}`);
          else if (found.storageClass !== work.storageClass) problems.push(`${file.path}: storage class ${found.storageClass}, expected ${work.storageClass}`);
        }
        if (!(await s3.exists(work.record))) problems.push(`the record ${work.record} is missing`);
        if (problems.length > 0) throw new Error(`${work.name} is not archived as it should be, so it stays in staging: ${problems.join('; ')}`);
        ctx.log.info(`${work.name}: ${work.files.length} file(s) verified in s3://${work.bucket}/${work.name}/`);
        return work;
      }),
    );

    const removed = task('remove_from_staging', { expand: { work: verified } }, async ({ work }, { log }) => {
      const now = await filesIn(work.folder).catch(() => null);
      if (now === null) {
        log.info(`${work.folder} is gone already (another sweep archived it)`);
        return work.name;
      }
      // Only what was audited (and so archived) may be deleted: a file added since then would be lost.
      const audited = new Map(work.files.map((file) => [file.path, file.size]));
      const changed = now.filter((file) => file.path !== MANIFEST && audited.get(file.path) !== file.size);
      if (changed.length > 0) throw new Error(`${work.folder} changed after its audit (${changed.map((f) => f.path).join(', ')}): left in staging for the next sweep`);
      await rm(work.folder, { recursive: true });
      log.info(`removed ${work.folder} from staging`);
      return work.name;
    });

    task('report', { inputs: { removed } }, ({ removed }, { log }) => {
      log.info(`archived and removed from staging: ${removed.join(', ')}`);
      return removed;
    });
  },
);

/** Checks a work folder against its manifest: every file listed, present, and with that checksum. */
async function auditFolder(folder: string, log: TaskLogger): Promise<WorkFolder> {
  const fail = (problem: string): never => {
    throw new Error(`audit of ${folder} failed: ${problem}; fix the folder (it stays in staging) and the next sweep retries it`);
  };
  const expected = new Map<string, string>();
  for (const line of (await readFile(join(folder, MANIFEST), 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/i.exec(line);
    if (!match) fail(`${MANIFEST} has a line that is not '<sha256>  <path>': ${line}`);
    expected.set((match as RegExpExecArray)[2] as string, ((match as RegExpExecArray)[1] as string).toLowerCase());
  }
  const present = (await filesIn(folder)).filter((file) => file.path !== MANIFEST);
  if (present.length === 0) fail('it holds no files besides its manifest');
  const unlisted = present.filter((file) => !expected.has(file.path)).map((file) => file.path);
  if (unlisted.length > 0) fail(`files not in ${MANIFEST}: ${unlisted.join(', ')}`);
  const missing = [...expected.keys()].filter((path) => !present.some((file) => file.path === path));
  if (missing.length > 0) fail(`files in ${MANIFEST} but not in the folder: ${missing.join(', ')}`);

  const files: ArchivedFile[] = [];
  for (const { path, size } of present) {
    const sha256 = await sha256Of(join(folder, path));
    if (sha256 !== expected.get(path)) fail(`${path} has checksum ${sha256}, ${MANIFEST} says ${expected.get(path)}`);
    files.push({ path, size, sha256 });
  }
  log.info(`${basename(folder)}: ${files.length} file(s), ${files.reduce((sum, f) => sum + f.size, 0)} bytes, checksums match`);
  return { folder, name: basename(folder), files };
}

/** Every file under `folder` (sub-folders included), with paths relative to it, in a stable order. */
async function filesIn(folder: string): Promise<{ path: string; size: number }[]> {
  const files = [];
  for (const path of (await readdir(folder, { recursive: true })).sort()) {
    const info = await stat(join(folder, path));
    if (info.isFile()) files.push({ path: path.split(sep).join('/'), size: info.size });
  }
  return files;
}

/** Streamed, so a large scan never sits in memory. */
async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The connection's S3 client for the duration of `use`, logging to the task log and cancelled with the task. */
async function withS3<T>(connId: string, ctx: TaskContext, use: (s3: S3Hook) => Promise<T>): Promise<T> {
  const s3 = await S3Hook.fromConnection(ctx.connections, connId, { log: ctx.log, signal: ctx.signal });
  try {
    return await use(s3);
  } finally {
    await s3.close();
  }
}
