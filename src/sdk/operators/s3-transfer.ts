/**
 * Moving objects: `s3Upload` (Airflow's LocalFilesystemToS3Operator and
 * S3CreateObjectOperator), `s3Download`, `s3Copy` (S3CopyObjectOperator) and
 * `fileTransfer` (local ↔ S3, S3 → S3, the direction read from the paths).
 * Keys and paths are templated. Writing over an existing object needs
 * `replace: true`, as in Airflow (except s3Copy, which overwrites like copy_object).
 *
 *   s3Upload('publish', { file: '/data/{{ ds }}/report.csv', key: 's3://reports/{{ ds }}/report.csv', replace: true });
 *   fileTransfer('fetch', { source: 's3://landing/{{ ds }}.json', destination: '/tmp/{{ ds }}.json' });
 */
import type { TaskRef } from '../refs.js';
import { operatorTask } from './operator-task.js';
import { S3_STORAGE_CLASSES, s3ConnId, s3Target, type S3ConnectionOptions, type S3StorageClass, type S3TargetConfig } from './s3-options.js';

export interface S3UploadOptions extends S3ConnectionOptions {
  /** A local file to upload... */
  file?: string;
  /** ...or text to write (one of the two). */
  data?: string;
  /** `s3://bucket/key`, or a key in `bucket` (or the connection's bucket_name). */
  key: string;
  bucket?: string;
  /** Overwrite an existing object (default false). */
  replace?: boolean;
  contentType?: string;
  /** Where the store keeps the object, e.g. 'DEEP_ARCHIVE' for cold storage (default: the bucket's, usually STANDARD). */
  storageClass?: S3StorageClass;
}

export type S3UploadConfig = {
  readonly connId: string;
  readonly file: string | null;
  readonly data: string | null;
  readonly target: S3TargetConfig;
  readonly replace: boolean;
  readonly contentType: string | null;
  /** Absent in configs serialized before the option existed. */
  readonly storageClass?: S3StorageClass | null;
};

/** XCom: the object's `s3://bucket/key`. */
export function s3Upload(id: string, options: S3UploadOptions): TaskRef<string> {
  return operatorTask<string>('s3Upload', id, (check) => {
    const { connId, file, data, key, bucket, replace, contentType, storageClass, inputs, ...taskOptions } = options;
    if ((file === undefined) === (data === undefined)) check.fail('file', 'or data must be given, not both');
    const config: S3UploadConfig = {
      connId: s3ConnId(check, connId),
      file: check.optionalText('file', file),
      data: data === undefined ? null : typeof data === 'string' ? data : check.fail('data', 'must be a string'),
      target: s3Target(check, 'key', key, 'bucket', bucket),
      replace: check.boolean('replace', replace, false),
      contentType: check.optionalText('contentType', contentType),
      storageClass: storageClass === undefined ? null : check.oneOf('storageClass', storageClass, S3_STORAGE_CLASSES, 'STANDARD'),
    };
    return { kind: 's3_upload', operator: file !== undefined ? 'LocalFilesystemToS3Operator' : 'S3CreateObjectOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}

export interface S3DownloadOptions extends S3ConnectionOptions {
  key: string;
  bucket?: string;
  /** The local file to write (folders are created). */
  file: string;
}

export type S3DownloadConfig = { readonly connId: string; readonly source: S3TargetConfig; readonly file: string };

/** XCom: the local path written. */
export function s3Download(id: string, options: S3DownloadOptions): TaskRef<string> {
  return operatorTask<string>('s3Download', id, (check) => {
    const { connId, key, bucket, file, inputs, ...taskOptions } = options;
    const config: S3DownloadConfig = { connId: s3ConnId(check, connId), source: s3Target(check, 'key', key, 'bucket', bucket), file: check.text('file', file) };
    return { kind: 's3_download', operator: 'S3ToLocalFilesystemOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}

export interface S3CopyOptions extends S3ConnectionOptions {
  /** `s3://bucket/key`, or a key in `sourceBucket`. */
  source: string;
  sourceBucket?: string;
  /** `s3://bucket/key`, or a key in `destBucket`. */
  dest: string;
  destBucket?: string;
  /** Overwrite an existing destination (default true, as Airflow's copy_object). */
  replace?: boolean;
}

export type S3CopyConfig = { readonly connId: string; readonly source: S3TargetConfig; readonly dest: S3TargetConfig; readonly replace: boolean };

/** XCom: the copy's `s3://bucket/key`. */
export function s3Copy(id: string, options: S3CopyOptions): TaskRef<string> {
  return operatorTask<string>('s3Copy', id, (check) => {
    const { connId, source, sourceBucket, dest, destBucket, replace, inputs, ...taskOptions } = options;
    const config: S3CopyConfig = {
      connId: s3ConnId(check, connId),
      source: s3Target(check, 'source', source, 'sourceBucket', sourceBucket),
      dest: s3Target(check, 'dest', dest, 'destBucket', destBucket),
      replace: check.boolean('replace', replace, true),
    };
    return { kind: 's3_copy', operator: 'S3CopyObjectOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}

export interface FileTransferOptions extends S3ConnectionOptions {
  /** A local path or an `s3://bucket/key`. */
  source: string;
  /** A local path or an `s3://bucket/key`; at least one side is S3. */
  destination: string;
  /** Overwrite an existing destination (default false). */
  replace?: boolean;
}

export type FileTransferConfig = { readonly connId: string; readonly source: string; readonly destination: string; readonly replace: boolean };

/** XCom: the destination (path or URL). */
export function fileTransfer(id: string, options: FileTransferOptions): TaskRef<string> {
  return operatorTask<string>('fileTransfer', id, (check) => {
    const { connId, source, destination, replace, inputs, ...taskOptions } = options;
    const config: FileTransferConfig = {
      connId: s3ConnId(check, connId),
      source: check.text('source', source),
      destination: check.text('destination', destination),
      replace: check.boolean('replace', replace, false),
    };
    const isS3 = (path: string) => /^s3[an]?:\/\//i.test(path);
    if (!isS3(config.source) && !isS3(config.destination)) check.fail('destination', 'or source must be an s3://bucket/key URL: fileTransfer moves files between local disk and S3');
    return { kind: 'file_transfer', operator: 'FileTransferOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}
