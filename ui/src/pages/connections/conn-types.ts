/**
 * The connection types the form offers, with what each field means for that
 * type (Airflow's names: `aws` is the type S3 uses, `generic` is anything).
 * Any other type can be typed in: the server stores whatever it is given.
 */
export interface ConnTypeInfo {
  readonly type: string;
  readonly label: string;
  readonly port?: number;
  /** What `host` holds for this type. */
  readonly host?: string;
  /** What `schema` holds (Airflow's name for the database, or the path). */
  readonly schema?: string;
  readonly login?: string;
  readonly password?: string;
  /** A placeholder for the extra. */
  readonly extra?: string;
}

export const CONN_TYPES: readonly ConnTypeInfo[] = [
  { type: 'postgres', label: 'PostgreSQL', port: 5432, host: 'Host', schema: 'Database', extra: '{"sslmode": "require"}' },
  { type: 'mysql', label: 'MySQL', port: 3306, host: 'Host', schema: 'Database', extra: '{"charset": "utf8mb4"}' },
  { type: 'sqlite', label: 'SQLite', host: 'Path of the database file' },
  { type: 'http', label: 'HTTP', port: 80, host: 'Host (or a base URL)', schema: 'Scheme (http or https)', extra: '{"Authorization": "Bearer …"}' },
  { type: 'https', label: 'HTTPS', port: 443, host: 'Host (or a base URL)', extra: '{"Authorization": "Bearer …"}' },
  { type: 'redis', label: 'Redis', port: 6379, host: 'Host', schema: 'Database number', extra: '{"ssl": true}' },
  { type: 'aws', label: 'Amazon Web Services (S3…)', login: 'Access key id', password: 'Secret access key', extra: '{"region_name": "eu-west-1"}' },
  { type: 'smtp', label: 'SMTP (email)', port: 587, host: 'Mail server', extra: '{"from_email": "airflow@example.com"}' },
  { type: 'slack', label: 'Slack API', password: 'Bot token (xoxb-…)' },
  { type: 'generic', label: 'Generic' },
];

export function connTypeInfo(type: string): ConnTypeInfo | undefined {
  return CONN_TYPES.find((t) => t.type === type.trim().toLowerCase());
}
