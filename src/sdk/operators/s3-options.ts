/**
 * What the S3 operators share: the connection (Airflow's `aws_default` unless
 * given), and object targets given as `s3://bucket/key`, or a key with a
 * `bucket` option, or a bare key in the connection's `bucket_name`.
 */
import type { Inputs } from '../inputs.js';
import type { TaskOptions } from '../task-options.js';
import type { OptionChecks } from './operator-task.js';

export const DEFAULT_AWS_CONN_ID = 'aws_default';

/** S3's storage classes (the cold ones: GLACIER, DEEP_ARCHIVE, GLACIER_IR); S3-compatible stores accept a subset. */
export const S3_STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
] as const;
export type S3StorageClass = (typeof S3_STORAGE_CLASSES)[number];

export interface S3ConnectionOptions extends TaskOptions {
  /** An aws connection (default 'aws_default'; extra.endpoint_url for S3-compatible stores). Templated. */
  connId?: string;
  /** Other tasks' outputs usable as `{{ inputs.name }}` in keys and paths; they become upstream tasks. */
  inputs?: Inputs;
}

/** A key (templated, maybe an s3:// URL) and the bucket option given with it, resolved at run time. */
export type S3TargetConfig = { readonly bucket: string | null; readonly key: string };

export function s3ConnId(check: OptionChecks, connId: unknown): string {
  return connId === undefined ? DEFAULT_AWS_CONN_ID : check.text('connId', connId);
}

export function s3Target(check: OptionChecks, keyOption: string, key: unknown, bucketOption: string, bucket: unknown): S3TargetConfig {
  const keyText = check.text(keyOption, key);
  const bucketText = check.optionalText(bucketOption, bucket);
  if (bucketText !== null && /^s3[an]?:\/\//i.test(keyText)) check.fail(keyOption, `is a full s3:// URL, so ${bucketOption} must not be given too`);
  return { bucket: bucketText, key: keyText };
}
