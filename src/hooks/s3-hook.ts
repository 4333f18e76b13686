/**
 * S3Hook: objects in AWS S3 or any S3-compatible store, through
 * @aws-sdk/client-s3 (loaded on first use), from an Airflow `aws` connection
 * (see s3-connection.ts). Keys are `s3://bucket/key`, `{ bucket, key }`, or
 * bare keys in the connection's `bucket_name`. As in Airflow, writing over an
 * existing key needs `replace: true`.
 *
 *   const s3 = await S3Hook.fromConnection(ctx.connections, 'lake', { log: ctx.log, signal: ctx.signal });
 *   await s3.upload('/tmp/report.csv', `s3://reports/${ctx.ds}/report.csv`, { replace: true });
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client, _Object } from '@aws-sdk/client-s3';
import type { ConnectionInfo } from '../sdk/context.js';
import type { S3StorageClass } from '../sdk/operators/s3-options.js';
import type { Connection } from '../store/types.js';
import { connectionInfoOf, type ConnectionSource } from './connection-info.js';
import type { HookOptions } from './hook-options.js';
import { s3Settings, type S3Settings } from './s3-connection.js';
import { resolveS3Target, s3Url, type S3Location, type S3Target } from './s3-location.js';

type S3Sdk = typeof import('@aws-sdk/client-s3');

export interface S3PutOptions {
  /** Overwrite an existing object (default false, as Airflow's load_* methods). */
  readonly replace?: boolean;
  readonly contentType?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Where the store keeps the object, e.g. 'STANDARD_IA', 'GLACIER', 'DEEP_ARCHIVE' (default: the bucket's, usually STANDARD). */
  readonly storageClass?: S3StorageClass;
}

export interface S3ObjectInfo {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date | null;
  readonly etag: string | null;
}

export interface S3HeadInfo extends S3ObjectInfo {
  readonly contentType: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  /** S3 reports no class for STANDARD objects: this is 'STANDARD' then. */
  readonly storageClass: string;
}

/** What to list: `s3://bucket/prefix`, a prefix in the default bucket, or the parts. */
export type S3ListTarget = string | { readonly bucket?: string; readonly prefix?: string };

export interface S3ListOptions {
  /** Group keys by this separator (usually '/'); the groups are what `listPrefixes` returns. */
  readonly delimiter?: string;
  readonly startAfter?: string;
  /** Stop after this many keys (default: all, page by page). */
  readonly maxKeys?: number;
}

const DELETE_BATCH = 1000; // DeleteObjects takes at most 1000 keys per request.

export class S3Hook {
  private readonly settings: S3Settings;
  private client: Promise<{ sdk: S3Sdk; client: S3Client }> | null = null;

  /** Reads the connection now, so a misconfigured one fails before any request. */
  constructor(
    readonly connection: ConnectionInfo,
    private readonly options: HookOptions = {},
  ) {
    this.settings = s3Settings(connection);
  }

  static async fromConnection(source: ConnectionSource, connId: string, options: HookOptions = {}): Promise<S3Hook> {
    return new S3Hook(await source.get(connId), options);
  }

  private get what(): string {
    return `S3 connection '${this.connection.connId}'${this.settings.endpoint ? ` (${this.settings.endpoint})` : ''}`;
  }

  /** The SDK client, for operations this hook does not wrap. */
  async sdkClient(): Promise<S3Client> {
    return (await this.sdk()).client;
  }

  private sdk(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    this.client ??= (async () => {
      // The project supports Node 20: the SDK's notice that future versions need Node 22 would fill every task log.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const sdk = await import('@aws-sdk/client-s3');
      return { sdk, client: new sdk.S3Client(this.settings.config) };
    })();
    return this.client;
  }

  /** Runs one request, cancelled with the task, failing with the operation, the object and the store's reason. */
  private async call<T>(operation: string, subject: string, run: (sdk: S3Sdk, client: S3Client, abortSignal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const { sdk, client } = await this.sdk();
    try {
      return await run(sdk, client, this.options.signal);
    } catch (error) {
      throw new Error(`${this.what}: ${operation}${subject ? ` ${subject}` : ''} failed: ${reasonOf(error)}`, { cause: error });
    }
  }

  location(target: S3Target): S3Location {
    return resolveS3Target(target, this.settings.defaultBucket, this.what);
  }

  async createBucket(bucket: string): Promise<void> {
    await this.call('CreateBucket', `s3://${bucket}`, (sdk, client, abortSignal) => client.send(new sdk.CreateBucketCommand({ Bucket: bucket }), { abortSignal }));
    this.options.log?.info(`created bucket s3://${bucket}`);
  }

  async bucketExists(bucket: string): Promise<boolean> {
    return this.call('HeadBucket', `s3://${bucket}`, async (sdk, client, abortSignal) => {
      try {
        await client.send(new sdk.HeadBucketCommand({ Bucket: bucket }), { abortSignal });
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    });
  }

  /** Writes text (UTF-8) or bytes to an object. */
  async put(target: S3Target, data: string | Uint8Array, options: S3PutOptions = {}): Promise<S3Location> {
    const location = this.location(target);
    await this.refuseOverwrite(location, options);
    await this.call('PutObject', s3Url(location), (sdk, client, abortSignal) =>
      client.send(new sdk.PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: data, ...putFields(options) }), { abortSignal }),
    );
    this.options.log?.info(`wrote ${typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength} bytes to ${s3Url(location)}`);
    return location;
  }

  /** Streams a local file to an object. */
  async upload(localPath: string, target: S3Target, options: S3PutOptions = {}): Promise<S3Location> {
    const location = this.location(target);
    const { size } = await stat(localPath).catch((error: unknown) => {
      throw new Error(`${this.what}: cannot upload ${localPath}: ${reasonOf(error)}`);
    });
    await this.refuseOverwrite(location, options);
    await this.call('PutObject', s3Url(location), (sdk, client, abortSignal) =>
      client.send(
        new sdk.PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: createReadStream(localPath), ContentLength: size, ...putFields(options) }),
        { abortSignal },
      ),
    );
    this.options.log?.info(`uploaded ${localPath} (${size} bytes) to ${s3Url(location)}${options.storageClass ? ` (${options.storageClass})` : ''}`);
    return location;
  }

  async getBytes(target: S3Target): Promise<Uint8Array> {
    const location = this.location(target);
    return this.call('GetObject', s3Url(location), async (sdk, client, abortSignal) => {
      const answer = await client.send(new sdk.GetObjectCommand({ Bucket: location.bucket, Key: location.key }), { abortSignal });
      if (!answer.Body) return new Uint8Array();
      return answer.Body.transformToByteArray();
    });
  }

  async getString(target: S3Target, encoding: BufferEncoding = 'utf8'): Promise<string> {
    return Buffer.from(await this.getBytes(target)).toString(encoding);
  }

  /**
   * Streams an object to `localPath` (parent folders are created) and returns the path.
   * The file appears only once complete: a failed download leaves nothing behind.
   */
  async download(target: S3Target, localPath: string): Promise<string> {
    const location = this.location(target);
    await mkdir(dirname(localPath), { recursive: true });
    const partial = `${localPath}.part-${process.pid}-${Date.now()}`;
    await this.call('GetObject', s3Url(location), async (sdk, client, abortSignal) => {
      const answer = await client.send(new sdk.GetObjectCommand({ Bucket: location.bucket, Key: location.key }), { abortSignal });
      const body = answer.Body instanceof Readable ? answer.Body : Readable.from([await (answer.Body?.transformToByteArray() ?? new Uint8Array())]);
      try {
        await pipeline(body, createWriteStream(partial), abortSignal ? { signal: abortSignal } : {});
        await rename(partial, localPath);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    });
    this.options.log?.info(`downloaded ${s3Url(location)} to ${localPath}`);
    return localPath;
  }

  /** Copies within or across buckets of this store; overwrites unless `replace: false` (Airflow's copy_object overwrites). */
  async copy(source: S3Target, destination: S3Target, options: Pick<S3PutOptions, 'replace'> = {}): Promise<S3Location> {
    const from = this.location(source);
    const to = this.location(destination);
    await this.refuseOverwrite(to, { replace: options.replace ?? true });
    await this.call('CopyObject', `${s3Url(from)} to ${s3Url(to)}`, (sdk, client, abortSignal) =>
      client.send(new sdk.CopyObjectCommand({ Bucket: to.bucket, Key: to.key, CopySource: `${from.bucket}/${encodeURIComponent(from.key).replace(/%2F/g, '/')}` }), { abortSignal }),
    );
    this.options.log?.info(`copied ${s3Url(from)} to ${s3Url(to)}`);
    return to;
  }

  /** Deletes objects (missing ones count as deleted, as in S3), batched per bucket; fails naming any the store refused. */
  async delete(targets: S3Target | readonly S3Target[]): Promise<readonly S3Location[]> {
    const locations = (Array.isArray(targets) ? targets : [targets as S3Target]).map((t) => this.location(t));
    const byBucket = new Map<string, string[]>();
    for (const { bucket, key } of locations) byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), key]);
    for (const [bucket, keys] of byBucket) {
      for (let i = 0; i < keys.length; i += DELETE_BATCH) {
        const batch = keys.slice(i, i + DELETE_BATCH);
        const answer = await this.call('DeleteObjects', `in s3://${bucket} (${batch.length} keys)`, (sdk, client, abortSignal) =>
          client.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }), { abortSignal }),
        );
        const refused = answer.Errors ?? [];
        if (refused.length > 0) {
          const list = refused.slice(0, 10).map((e) => `${e.Key}: ${e.Code} ${e.Message ?? ''}`.trim());
          throw new Error(`${this.what}: could not delete ${refused.length} object(s) in s3://${bucket}: ${list.join('; ')}`);
        }
      }
    }
    this.options.log?.info(`deleted ${locations.length} object(s)`);
    return locations;
  }

  /** Keys under a prefix, all pages. */
  async list(where: S3ListTarget = {}, options: S3ListOptions = {}): Promise<string[]> {
    return (await this.listObjects(where, options)).map((o) => o.key);
  }

  /** Objects (key, size, modification time, etag) under a prefix, all pages. */
  async listObjects(where: S3ListTarget = {}, options: S3ListOptions = {}): Promise<S3ObjectInfo[]> {
    return (await this.listPages(where, options)).objects;
  }

  /** The "folders" one level below a prefix: common prefixes for the delimiter (default '/'). */
  async listPrefixes(where: S3ListTarget = {}, options: S3ListOptions = {}): Promise<string[]> {
    return (await this.listPages(where, { delimiter: '/', ...options })).prefixes;
  }

  private async listPages(where: S3ListTarget, options: S3ListOptions): Promise<{ objects: S3ObjectInfo[]; prefixes: string[] }> {
    const { bucket, key: prefix } = this.location(typeof where === 'string' ? where : { bucket: where.bucket, key: where.prefix ?? '' });
    const objects: S3ObjectInfo[] = [];
    const prefixes: string[] = [];
    const limit = options.maxKeys ?? Infinity;
    await this.call('ListObjectsV2', `s3://${bucket}/${prefix}`, async (sdk, client, abortSignal) => {
      const pages = sdk.paginateListObjectsV2(
        { client, pageSize: Math.min(1000, limit) },
        { Bucket: bucket, Prefix: prefix || undefined, Delimiter: options.delimiter, StartAfter: options.startAfter },
      );
      for await (const page of pages) {
        if (abortSignal?.aborted) throw abortSignal.reason;
        for (const item of page.Contents ?? []) objects.push(objectInfo(bucket, item));
        for (const common of page.CommonPrefixes ?? []) if (common.Prefix) prefixes.push(common.Prefix);
        if (objects.length >= limit) break;
      }
    });
    return { objects: objects.slice(0, limit), prefixes };
  }

  /** Whether the object exists (Airflow's check_for_key). */
  async exists(target: S3Target): Promise<boolean> {
    return (await this.head(target)) !== null;
  }

  /** The object's size, type, etag and metadata; null when it does not exist. */
  async head(target: S3Target): Promise<S3HeadInfo | null> {
    const location = this.location(target);
    return this.call('HeadObject', s3Url(location), async (sdk, client, abortSignal) => {
      try {
        const answer = await client.send(new sdk.HeadObjectCommand({ Bucket: location.bucket, Key: location.key }), { abortSignal });
        return {
          ...location,
          size: answer.ContentLength ?? 0,
          lastModified: answer.LastModified ?? null,
          etag: answer.ETag ?? null,
          contentType: answer.ContentType ?? null,
          metadata: answer.Metadata ?? {},
          storageClass: answer.StorageClass ?? 'STANDARD',
        };
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  /** Lists buckets, or checks the connection's `bucket_name` when it has one (credentials may allow only that). */
  async test(): Promise<void> {
    const bucket = this.settings.defaultBucket;
    if (bucket) {
      await this.call('HeadBucket', `s3://${bucket}`, (sdk, client, abortSignal) => client.send(new sdk.HeadBucketCommand({ Bucket: bucket }), { abortSignal }));
    } else {
      await this.call('ListBuckets', '', (sdk, client, abortSignal) => client.send(new sdk.ListBucketsCommand({}), { abortSignal }));
    }
  }

  /** Closes the client's sockets. */
  async close(): Promise<void> {
    if (this.client) (await this.client).client.destroy();
    this.client = null;
  }

  private async refuseOverwrite(location: S3Location, options: Pick<S3PutOptions, 'replace'>): Promise<void> {
    if (options.replace) return;
    if (await this.exists(location)) throw new Error(`${this.what}: ${s3Url(location)} already exists: pass replace: true to overwrite it`);
  }
}

function putFields(options: S3PutOptions) {
  return { ContentType: options.contentType, Metadata: options.metadata, StorageClass: options.storageClass };
}

function objectInfo(bucket: string, item: _Object): S3ObjectInfo {
  return { bucket, key: item.Key ?? '', size: item.Size ?? 0, lastModified: item.LastModified ?? null, etag: item.ETag ?? null };
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = statusOf(error);
  const code = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  // HEAD answers have no body, so the SDK's message is only the status code: say what it means.
  const message = error.message && error.message !== 'UnknownError' ? error.message : `HTTP ${status ?? '?'}`;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${code}${message}${cause}`;
}

export async function testS3Connection(conn: Connection, timeoutMs: number): Promise<void> {
  const hook = new S3Hook(connectionInfoOf(conn), { signal: AbortSignal.timeout(timeoutMs) });
  try {
    await hook.test();
  } finally {
    await hook.close();
  }
}
