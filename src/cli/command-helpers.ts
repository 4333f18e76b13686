/**
 * What the admin command groups share: opening the app around an action, the
 * `-o` option, one-record output, and reading/writing the JSON files of
 * `import`/`export` (`-` is stdin/stdout) with errors that name the file.
 */
import type { Command } from 'commander';
import { closeSync, fchmodSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { openApp, type App } from '../app.js';
import { parseOutputFormat, type OutputFormat, type Row } from './output.js';

export async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp();
  try {
    const result = await fn(app);
    // After the command's own output, on stderr: scripts reading stdout are not disturbed.
    if (app.fernetKeyNotice) process.stderr.write(`${app.fernetKeyNotice}\n`);
    return result;
  } finally {
    await app.close();
  }
}

export function withOutput(command: Command): Command {
  return command.option('-o, --output <format>', 'table, json or plain', parseOutputFormat, 'table' as OutputFormat);
}

/** One record: `key  value` lines for people, `key<TAB>value` for scripts, or a JSON object. */
export function renderRecord(record: Row, format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(record, null, 2);
  const text = (v: Row[string]) => (v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v));
  const entries = Object.entries(record);
  if (format === 'plain') return entries.map(([k, v]) => `${k}\t${text(v)}`).join('\n');
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(width)}  ${text(v)}`.trimEnd()).join('\n');
}

/** Parses a JSON file (or stdin for `-`) that must hold an object; errors name the file. */
export function readJsonObject(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${path}: no such file` : `${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} must hold a JSON object keyed by name, e.g. {"name": ...}`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Writes to a file, or to stdout for `-`; returns a phrase for the confirmation message.
 * `private`: the text holds secrets (passwords in clear), so the file is readable by its
 * owner only: created 0600, and an existing file narrowed to 0600 before anything is written.
 */
export function writeText(path: string, text: string, options: { private?: boolean } = {}): string {
  const content = text.endsWith('\n') ? text : `${text}\n`;
  if (path === '-') {
    process.stdout.write(content);
    return 'stdout';
  }
  if (!options.private) {
    writeFileSync(path, content);
    return path;
  }
  // Opened (created 0600) without truncating, narrowed, and only then emptied and written.
  const fd = openSync(path, 'a', 0o600);
  try {
    fchmodSync(fd, 0o600);
    ftruncateSync(fd, 0);
    writeFileSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Keys sorted, 4-space indent: the layout of Airflow's export files. */
export function exportJson(value: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]]));
  return JSON.stringify(sorted, null, 4);
}

/** Informational lines go to stderr when the data itself is written to stdout (`export -`). */
export function note(toStdout: boolean, message: string): void {
  if (toStdout) process.stderr.write(`${message}\n`);
  else console.log(message);
}
