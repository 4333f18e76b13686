/**
 * The file formats of Airflow's LocalFilesystemBackend, by extension:
 *
 *   .env          KEY=VALUE per line; `#` comments and blank lines skipped; a key may repeat
 *   .json         an object
 *   .yaml / .yml  a mapping
 *
 * Every syntax error is reported at once, with its line, under the file's path.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';

export class SecretFileError extends Error {
  override name = 'SecretFileError';
}

interface LineError {
  readonly line: number;
  readonly message: string;
}

/** `.env` keys map to every value given (several when repeated); JSON/YAML keys to their one value. */
export interface ParsedSecretFile {
  readonly format: 'env' | 'json' | 'yaml';
  readonly entries: ReadonlyMap<string, unknown>;
}

const COMMENT = /^\s*#/;

export function readSecretFile(path: string, what: string): ParsedSecretFile {
  const ext = extname(path).slice(1).toLowerCase();
  const format = ext === 'env' ? 'env' : ext === 'json' ? 'json' : ext === 'yaml' || ext === 'yml' ? 'yaml' : null;
  if (format === null) {
    throw new SecretFileError(`${what} ${path}: unsupported file format; the file must have one of the extensions .env .json .yaml .yml`);
  }
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SecretFileError(code === 'ENOENT' ? `${what} ${path} does not exist: create it, or fix the setting that names it` : `${what} ${path} cannot be read: ${(error as Error).message}`);
  }
  const { entries, errors } = format === 'env' ? parseEnv(content) : format === 'json' ? parseJson(content) : parseYaml(content);
  if (errors.length > 0) {
    throw new SecretFileError(`${what} ${path} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}: ${errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
  }
  return { format, entries };
}

function parseEnv(content: string): { entries: Map<string, unknown>; errors: LineError[] } {
  const entries = new Map<string, string[]>();
  const errors: LineError[] = [];
  content.split(/\r?\n/).forEach((text, index) => {
    const line = index + 1;
    if (text === '' || COMMENT.test(text)) return;
    const at = text.indexOf('=');
    if (at < 0) return void errors.push({ line, message: 'Invalid line format. The line should contain at least one equal sign ("=").' });
    const key = text.slice(0, at);
    const value = text.slice(at + 1);
    if (key === '') return void errors.push({ line, message: 'Invalid line format. Key is empty.' });
    if (value === '') return void errors.push({ line, message: 'Invalid line format. Value is empty.' });
    entries.set(key, [...(entries.get(key) ?? []), value]);
  });
  return { entries, errors };
}

function parseJson(content: string): { entries: Map<string, unknown>; errors: LineError[] } {
  if (content.trim() === '') return { entries: new Map(), errors: [{ line: 1, message: 'The file is empty.' }] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    return { entries: new Map(), errors: [{ line: jsonErrorLine(content, error as Error), message: (error as Error).message }] };
  }
  return objectEntries(parsed);
}

function parseYaml(content: string): { entries: Map<string, unknown>; errors: LineError[] } {
  if (content.trim() === '') return { entries: new Map(), errors: [{ line: 1, message: 'The file is empty.' }] };
  const doc = parseDocument(content);
  if (doc.errors.length > 0) {
    return { entries: new Map(), errors: doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, message: e.message.split('\n')[0] ?? e.message })) };
  }
  return objectEntries(doc.toJS() as unknown);
}

function objectEntries(parsed: unknown): { entries: Map<string, unknown>; errors: LineError[] } {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { entries: new Map(), errors: [{ line: 1, message: 'The file should contain an object.' }] };
  }
  return { entries: new Map(Object.entries(parsed)), errors: [] };
}

/** The line of a JSON.parse error, from its "position N" when the message has one. */
function jsonErrorLine(content: string, error: Error): number {
  const position = /position (\d+)/.exec(error.message);
  return position ? content.slice(0, Number(position[1])).split('\n').length : 1;
}
