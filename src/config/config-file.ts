/**
 * The optional config file in UPDRAFT_HOME: `updraft.toml`, or `updraft.yaml` /
 * `updraft.yml`, with Airflow-style sections:
 *
 *   [core]                      core:
 *   parallelism = 64              parallelism: 64
 *   [database]                  database:
 *   url = "postgres://..."        url: postgres://...
 *
 * This module only reads the file into (section, key, raw value, line) entries and
 * rejects what is not a setting; typing the values is `settings.ts`'s job.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as SmolToml from 'smol-toml';
import type * as Yaml from 'yaml';
import { ConfigError } from './config-error.js';
import { CONFIG_SECTIONS, findOption, optionsOf } from './options.js';

// The parsers load only when a file needs them: together they cost ~0.1 s of every CLI start.
const require = createRequire(import.meta.url);
const toml = (): typeof SmolToml => require('smol-toml') as typeof SmolToml;
const yaml = (): typeof Yaml => require('yaml') as typeof Yaml;

export const CONFIG_FILE_NAMES = ['updraft.toml', 'updraft.yaml', 'updraft.yml'] as const;

export interface ConfigFileEntry {
  readonly section: string;
  readonly key: string;
  readonly value: unknown;
  /** 1-based line of the key, when it could be found. */
  readonly line: number | null;
}

export interface ConfigFile {
  readonly path: string;
  readonly entries: readonly ConfigFileEntry[];
}

/** The config file in `home`, or null; two of them at once is an error (which one would win?). */
export function findConfigFile(home: string): string | null {
  const found = CONFIG_FILE_NAMES.map((name) => join(home, name)).filter((path) => existsSync(path));
  if (found.length > 1) throw new ConfigError(`found ${found.join(' and ')}: keep only one config file`);
  return found[0] ?? null;
}

export function readConfigFile(path: string): ConfigFile {
  return parseConfigFile(path, readFileSync(path, 'utf8'));
}

export function parseConfigFile(path: string, text: string): ConfigFile {
  const raw = path.endsWith('.toml') ? tomlSections(path, text) : yamlSections(path, text);
  return { path, entries: raw.map((entry) => checkKnown(path, entry)) };
}

interface RawEntry {
  readonly section: string;
  readonly key: string;
  readonly value: unknown;
  readonly line: number | null;
  /** Set when the section's value is not a table. */
  readonly notASection?: boolean;
}

function where(path: string, line: number | null): string {
  return line === null ? path : `${path}:${line}`;
}

function checkKnown(path: string, entry: RawEntry): ConfigFileEntry {
  const section = entry.section.toLowerCase();
  if (!CONFIG_SECTIONS.includes(section)) {
    throw new ConfigError(`${where(path, entry.line)}: unknown section [${entry.section}]: the sections are ${CONFIG_SECTIONS.join(', ')}`);
  }
  if (entry.notASection) {
    throw new ConfigError(`${where(path, entry.line)}: [${section}] must be a table of settings, e.g. [${section}] then key = value lines`);
  }
  const option = findOption(section, entry.key);
  if (!option) {
    throw new ConfigError(
      `${where(path, entry.line)}: unknown setting '${entry.key}' in [${section}]: its settings are ${optionsOf(section)
        .map((o) => o.key)
        .join(', ')}`,
    );
  }
  return { section, key: option.key, value: entry.value, line: entry.line };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function tomlSections(path: string, text: string): RawEntry[] {
  let doc: Record<string, unknown>;
  try {
    doc = toml().parse(text);
  } catch (error) {
    if (error instanceof toml().TomlError) {
      throw new ConfigError(`${path}:${error.line}:${error.column}: ${error.message.split('\n')[0] ?? 'invalid TOML'}`);
    }
    throw error;
  }
  const lines = text.split(/\r?\n/);
  const entries: RawEntry[] = [];
  for (const [section, body] of Object.entries(doc)) {
    if (!isPlainObject(body)) {
      entries.push({ section, key: '', value: body, line: tomlLine(lines, null, section), notASection: true });
      continue;
    }
    for (const [key, value] of Object.entries(body)) entries.push({ section, key, value, line: tomlLine(lines, section, key) });
  }
  return entries;
}

/**
 * smol-toml gives no positions for keys, so find the line by text: `key =` after the
 * `[section]` header (or `section.key =`). Good enough to point a person at it.
 */
function tomlLine(lines: readonly string[], section: string | null, key: string): number | null {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const keyPattern = (k: string) => new RegExp(`^\\s*["']?${esc(k)}["']?\\s*=`);
  if (section === null) {
    const i = lines.findIndex((l) => keyPattern(key).test(l));
    return i < 0 ? null : i + 1;
  }
  const header = new RegExp(`^\\s*\\[\\s*["']?${esc(section)}["']?\\s*\\]`);
  let inSection = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*\[/.test(line)) inSection = header.test(line);
    else if (inSection && keyPattern(key).test(line)) return i + 1;
    else if (keyPattern(`${section}.${key}`).test(line)) return i + 1;
  }
  return null;
}

function yamlSections(path: string, text: string): RawEntry[] {
  const { isMap, isScalar, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    throw new ConfigError(`${pos ? `${path}:${pos.line}:${pos.col}` : path}: ${problem.message.split('\n')[0] ?? 'invalid YAML'}`);
  }
  const lineOf = (node: { range?: readonly number[] | null } | null | undefined): number | null =>
    node?.range ? lineCounter.linePos(node.range[0] ?? 0).line : null;
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return [];
  if (!isMap(root)) throw new ConfigError(`${path}: the file must be a mapping of sections, e.g. "core:" then indented "parallelism: 32"`);
  const entries: RawEntry[] = [];
  for (const pair of root.items) {
    const keyNode = isScalar(pair.key) ? pair.key : null;
    const section = String(keyNode?.value ?? pair.key);
    const body = pair.value;
    if (body === null || (isScalar(body) && body.value === null)) continue; // `api:` with nothing under it
    if (!isMap(body)) {
      entries.push({ section, key: '', value: null, line: lineOf(keyNode), notASection: true });
      continue;
    }
    for (const item of body.items) {
      const k = isScalar(item.key) ? item.key : null;
      const value = isScalar(item.value) ? item.value.value : item.value === null ? null : (item.value as { toJSON(): unknown }).toJSON();
      entries.push({ section, key: String(k?.value ?? item.key), value, line: lineOf(k) });
    }
  }
  return entries;
}
