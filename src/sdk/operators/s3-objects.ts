/**
 * Managing objects: `s3List` (Airflow's S3ListOperator: the keys under a
 * prefix, every page) and `s3Delete` (S3DeleteObjectsOperator: given keys, or
 * everything under a prefix). Buckets, prefixes and keys are templated.
 *
 *   const files = s3List('incoming', { bucket: 'landing', prefix: '{{ ds }}/' });
 *   s3Delete('cleanup', { bucket: 'landing', prefix: 'tmp/{{ ds }}/' });
 */
import type { TaskRef } from '../refs.js';
import { operatorTask } from './operator-task.js';
import { s3ConnId, type S3ConnectionOptions } from './s3-options.js';

export interface S3ListOptions extends S3ConnectionOptions {
  /** Default: the connection's bucket_name. */
  bucket?: string;
  prefix?: string;
  /** With '/', list one level: keys directly under the prefix (as Airflow with a delimiter). */
  delimiter?: string;
  /** Stop after this many keys. */
  maxKeys?: number;
}

export type S3ListConfig = {
  readonly connId: string;
  readonly bucket: string | null;
  readonly prefix: string;
  readonly delimiter: string | null;
  readonly maxKeys: number | null;
};

/** XCom: the keys, sorted as S3 lists them. */
export function s3List(id: string, options: S3ListOptions = {}): TaskRef<string[]> {
  return operatorTask<string[]>('s3List', id, (check) => {
    const { connId, bucket, prefix, delimiter, maxKeys, inputs, ...taskOptions } = options;
    const config: S3ListConfig = {
      connId: s3ConnId(check, connId),
      bucket: check.optionalText('bucket', bucket),
      prefix: prefix === undefined ? '' : typeof prefix === 'string' ? prefix : check.fail('prefix', 'must be a string'),
      delimiter: check.optionalText('delimiter', delimiter),
      maxKeys: maxKeys === undefined ? null : check.integer('maxKeys', maxKeys, 1000, 1),
    };
    return { kind: 's3_list', operator: 'S3ListOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}

export interface S3DeleteOptions extends S3ConnectionOptions {
  /** Default: the connection's bucket_name. */
  bucket?: string;
  /** Keys in the bucket (or s3:// URLs)... */
  keys?: string | readonly string[];
  /** ...or every object under this prefix (one of the two). */
  prefix?: string;
}

export type S3DeleteConfig = {
  readonly connId: string;
  readonly bucket: string | null;
  readonly keys: readonly string[] | null;
  readonly prefix: string | null;
};

/** XCom: how many objects were deleted. */
export function s3Delete(id: string, options: S3DeleteOptions): TaskRef<number> {
  return operatorTask<number>('s3Delete', id, (check) => {
    const { connId, bucket, keys, prefix, inputs, ...taskOptions } = options;
    if ((keys === undefined) === (prefix === undefined)) check.fail('keys', 'or prefix must be given, not both (as Airflow\'s S3DeleteObjectsOperator)');
    const config: S3DeleteConfig = {
      connId: s3ConnId(check, connId),
      bucket: check.optionalText('bucket', bucket),
      keys: keys === undefined ? null : [check.textOrList('keys', keys)].flat(),
      prefix: prefix === undefined ? null : typeof prefix === 'string' ? prefix : check.fail('prefix', 'must be a string'),
    };
    return { kind: 's3_delete', operator: 'S3DeleteObjectsOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
