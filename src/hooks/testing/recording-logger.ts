/** A TaskLogger that keeps every line, so tests can check what was (and was not) logged. */
import type { TaskLogger } from '../../sdk/context.js';

export interface RecordingLogger extends TaskLogger {
  readonly lines: string[];
  /** Every line and detail as one text, to search for leaked secrets. */
  text(): string;
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const record = (level: string) => (message: string, ...details: unknown[]) => {
    const rest = details.map((d) => (d instanceof Error ? `${d.message} ${d.stack ?? ''}` : JSON.stringify(d))).join(' ');
    lines.push(`${level} ${message}${rest ? ` ${rest}` : ''}`);
  };
  return { lines, debug: record('DEBUG'), info: record('INFO'), warn: record('WARN'), error: record('ERROR'), text: () => lines.join('\n') };
}
