/**
 * What the long-running service commands (scheduler, dag-processor, triggerer)
 * share: the health check server from `--health-port` or the service's
 * `health_check_port` setting, and a clean stop on SIGTERM/SIGINT (a second
 * signal stops at once).
 */
import type { Command } from 'commander';
import type { App } from '../app.js';
import { settingOf } from '../config/config.js';
import type { JobKind } from '../store/types.js';
import { startHealthServer, type HealthServer } from './health-server.js';

export type ServiceSection = 'scheduler' | 'triggerer' | 'dag_processor';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`--health-port must be an integer from 0 to 65535, got '${value}'`);
  return port;
}

/** Adds `--health-port` to a service command. */
export function withHealthPort(command: Command, section: ServiceSection): Command {
  return command.option(
    '--health-port <port>',
    `serve GET /health on this port (0: any free port; default: the ${section}.health_check_port setting, unset: none)`,
    parsePort,
  );
}

/** How old a heartbeat may be before its job counts as dead (scheduler.health_check_threshold). */
export function healthThresholdMs(app: App): number {
  return app.config.schedulerHealthCheckThresholdMs;
}

/** The service's health server, or null when neither the flag nor the setting asks for one. */
export async function startServiceHealth(app: App, section: ServiceSection, kind: JobKind, flag: number | undefined): Promise<HealthServer | null> {
  const port = flag ?? (settingOf(app.config, section, 'health_check_port').value as number | null);
  if (port === null) return null;
  return startHealthServer({ store: app.store, kind, thresholdMs: healthThresholdMs(app), port });
}

/** " (health: <url>)", or "" without a health server: for the ready line. */
export function healthNote(health: HealthServer | null): string {
  return health ? ` (health: ${health.url})` : '';
}

/**
 * Resolves once `stop` has run after SIGTERM or SIGINT; `announce` says what stopping means.
 * A second signal exits at once (130), for a stop that hangs.
 */
export function untilStopSignal(announce: (signal: string) => string, stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: string) => {
      if (stopping) {
        console.log(`${signal} again: stopping now`);
        process.exit(130);
      }
      stopping = true;
      console.log(announce(signal));
      void stop().then(resolve, (error: unknown) => {
        console.error(`error while stopping: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  });
}

/** The `Needs:` line of a service that opens the database the schedulers use. */
export const NEEDS_SHARED_DATABASE = `the metadata database the schedulers use: UPDRAFT_DATABASE_URL=postgres://... (or the embedded SQLite file
    of this UPDRAFT_HOME, on one machine)`;

/** A service's `--help` epilogue: what it needs, how its health is checked, settings and stopping. */
export function serviceHelp(section: ServiceSection, kind: JobKind, needs: readonly string[], healthNoteText = ''): string {
  return `
Needs:
${needs.map((line) => `  ${line}`).join('\n')}

Health: --health-port (or [${section}] health_check_port${healthNoteText}) serves GET /health: 200 while this process's
  heartbeat is recent, else 503. 'updraft jobs check --job-type ${kind} --local' exits 0 or 1.

  Settings come from UPDRAFT_HOME/updraft.toml and UPDRAFT__SECTION__KEY variables (see 'updraft config list').
  Stops cleanly on SIGTERM or Ctrl-C (a second one stops at once).`;
}
