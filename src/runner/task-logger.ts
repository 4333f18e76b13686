/**
 * The `log` of a task context: one line per call, `<ISO time> <LEVEL> <message>`,
 * secrets masked, handed to a sink (a log file, the console for `dags test`, or
 * the API later). Extra arguments are appended as JSON or error stacks.
 */
import type { TaskLogger } from '../sdk/context.js';
import type { SecretMasker } from './secret-masker.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface LogLine {
  readonly at: Date;
  readonly level: LogLevel;
  readonly text: string;
}

export type LogSink = (line: LogLine) => void;

export function formatLogLine(line: LogLine): string {
  return `[${line.at.toISOString()}] ${line.level.padEnd(7)} ${line.text}`;
}

export function createTaskLogger(sink: LogSink, masker: SecretMasker, clock: () => Date): TaskLogger & { write(level: LogLevel, text: string): void } {
  const write = (level: LogLevel, text: string) => {
    for (const part of text.split(/\r?\n/)) sink({ at: clock(), level, text: masker.mask(part) });
  };
  const emit = (level: LogLevel) => (message: string, ...details: unknown[]) => {
    write(level, [message, ...details.map(describe)].join(' '));
  };
  return { debug: emit('DEBUG'), info: emit('INFO'), warn: emit('WARNING'), error: emit('ERROR'), write };
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}
