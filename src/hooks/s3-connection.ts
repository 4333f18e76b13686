/**
 * An S3 client's settings from an Airflow `aws` connection:
 * - credentials: login = access key id, password = secret access key (or
 *   `extra.aws_access_key_id` / `aws_secret_access_key`, `aws_session_token`);
 *   none at all falls back to the SDK's own chain (environment, profile, instance role);
 * - `extra.region_name` (default us-east-1);
 * - `extra.endpoint_url` (or `extra.service_config.s3.endpoint_url`) for S3-compatible
 *   stores, which then default to path-style addressing (`extra.force_path_style`
 *   or `extra.config_kwargs.s3.addressing_style` override it);
 * - `extra.bucket_name`: the bucket for bare keys.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { ConnectionInfo } from '../sdk/context.js';
import { connectionError, extraBoolean, extraNumber, extraString } from './connection-extra.js';

export interface S3Settings {
  readonly config: S3ClientConfig;
  readonly endpoint: string | null;
  readonly defaultBucket: string | undefined;
}

const CHECKSUM_MODES = ['WHEN_SUPPORTED', 'WHEN_REQUIRED'] as const;
type ChecksumMode = (typeof CHECKSUM_MODES)[number];

export function s3Settings(conn: ConnectionInfo): S3Settings {
  const accessKeyId = conn.login || extraString(conn, 'aws_access_key_id');
  const secretAccessKey = conn.password || extraString(conn, 'aws_secret_access_key');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw connectionError(conn, accessKeyId ? 'has an access key id (login) but no secret access key (password)' : 'has a secret access key (password) but no access key id (login)');
  }
  const endpoint = extraString(conn, 'endpoint_url') ?? extraString(conn, 'service_config', 's3', 'endpoint_url') ?? null;
  if (endpoint !== null && !/^https?:\/\/[^/]/i.test(endpoint)) {
    throw connectionError(conn, `extra.endpoint_url must be an http(s) URL such as http://127.0.0.1:9000`);
  }
  const addressingStyle = extraString(conn, 'config_kwargs', 's3', 'addressing_style');
  const forcePathStyle = extraBoolean(conn, 'force_path_style') ?? (addressingStyle ? addressingStyle === 'path' : endpoint !== null);
  const sessionToken = extraString(conn, 'aws_session_token');
  const config: S3ClientConfig = {
    region: extraString(conn, 'region_name') ?? extraString(conn, 'region') ?? 'us-east-1',
    forcePathStyle,
    maxAttempts: extraNumber(conn, 'max_attempts') ?? 3,
    requestHandler: {
      connectionTimeout: (extraNumber(conn, 'connect_timeout') ?? 10) * 1000,
      requestTimeout: (extraNumber(conn, 'read_timeout') ?? 60) * 1000,
    },
  };
  if (endpoint !== null) {
    config.endpoint = endpoint;
    // S3-compatible stores often reject or mangle the SDK's newer default checksums
    // (aws-chunked uploads with trailers): send checksums only where the API requires them.
    const mode = checksumMode(conn) ?? 'WHEN_REQUIRED';
    config.requestChecksumCalculation = mode;
    config.responseChecksumValidation = mode;
  } else {
    const mode = checksumMode(conn);
    if (mode) config.requestChecksumCalculation = config.responseChecksumValidation = mode;
  }
  if (accessKeyId && secretAccessKey) config.credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  return { config, endpoint, defaultBucket: extraString(conn, 'bucket_name') ?? extraString(conn, 'service_config', 's3', 'bucket_name') };
}

function checksumMode(conn: ConnectionInfo): ChecksumMode | undefined {
  const value = extraString(conn, 'request_checksum_calculation')?.toUpperCase();
  if (value === undefined) return undefined;
  if (!(CHECKSUM_MODES as readonly string[]).includes(value)) {
    throw connectionError(conn, `extra.request_checksum_calculation must be ${CHECKSUM_MODES.join(' or ')}`);
  }
  return value as ChecksumMode;
}
