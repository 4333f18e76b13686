/**
 * Where an object is: `s3://bucket/key`, a `{ bucket, key }`, or a bare key
 * in the connection's default bucket (Airflow's `bucket_name` fallback).
 */

export type S3Target = string | { readonly bucket?: string; readonly key: string };

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** `s3://bucket/key` (also `s3a://`, `s3n://`, as Airflow's parse_s3_url) → its parts; null for a bare key. */
export function parseS3Url(url: string): S3Location | null {
  const match = /^s3[an]?:\/\/([^/]+)\/?(.*)$/i.exec(url);
  if (!match) return null;
  return { bucket: match[1] as string, key: match[2] as string };
}

export function s3Url(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** The bucket and key of `target`; `defaultBucket` serves bare keys; `what` names the caller in errors. */
export function resolveS3Target(target: S3Target, defaultBucket: string | undefined, what: string): S3Location {
  const parsed = typeof target === 'string' ? parseS3Url(target) : null;
  const bucket = parsed?.bucket ?? (typeof target === 'string' ? undefined : target.bucket) ?? defaultBucket;
  const key = parsed?.key ?? (typeof target === 'string' ? target : target.key);
  if (!bucket) {
    throw new Error(`${what}: no bucket for key '${key}': give an s3://bucket/key URL, a { bucket, key }, or set extra.bucket_name on the connection`);
  }
  return { bucket, key };
}
