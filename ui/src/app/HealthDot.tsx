/**
 * The installation's health in the top bar: a dot (green: database and
 * scheduler healthy; amber: a separate DAG processor stopped heartbeating; red:
 * the database or the scheduler is down or not running), details in the
 * tooltip; a link to the Cluster page.
 */
import type { Health } from '@updraft/client';
import { api } from '../api/client';
import { useApi } from '../api/useApi';
import { Link } from '../router/Link';

type Level = 'ok' | 'warn' | 'down' | 'unknown';

function levelOf(health: Health | undefined, failed: boolean): { level: Level; lines: string[] } {
  if (failed) return { level: 'down', lines: ['The API server did not answer the health check'] };
  if (!health) return { level: 'unknown', lines: ['Checking…'] };
  const scheduler = health.scheduler.status;
  // A DAG processor that runs inside the scheduler (standalone) reports no heartbeat of its own: not a fault.
  const processor = health.dag_processor?.status ?? null;
  const lines = [
    `Metadata database: ${health.metadatabase.status ?? 'unknown'}`,
    `Scheduler: ${scheduler ?? 'not running'}`,
    ...(processor ? [`DAG processor: ${processor}`] : []),
  ];
  if (health.metadatabase.status !== 'healthy' || scheduler !== 'healthy') return { level: 'down', lines };
  if (processor === 'unhealthy') return { level: 'warn', lines };
  return { level: 'ok', lines };
}

const WORD: Readonly<Record<Level, string>> = { ok: 'Healthy', warn: 'Degraded', down: 'Unhealthy', unknown: 'Checking' };

export function HealthDot() {
  const { data, error } = useApi((signal) => api.request<Health>('GET', '/api/v2/monitor/health', { signal }), [], { poll: 10_000 });
  const { level, lines } = levelOf(data, error !== undefined && !data);
  const title = `${WORD[level]}\n${lines.join('\n')}`;
  return (
    <Link to="/cluster" className="health" title={title} aria-label={`Health: ${WORD[level]}. ${lines.join('. ')}`} data-testid="health" data-level={level}>
      <span className={`health-dot health-${level}`} />
      <span className="health-word">{WORD[level]}</span>
    </Link>
  );
}
