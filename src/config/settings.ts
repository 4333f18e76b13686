/**
 * Resolving every option of the table from its layers, lowest priority first:
 *
 *   default  <  config file  <  environment  <  explicit overrides (CLI flags)
 *
 * Each value is typed and checked where it enters; a bad one is a `ConfigError`
 * naming its origin (file:line or variable), the setting and what it accepts.
 * Unknown `UPDRAFT__SECTION__KEY` variables are errors too: a typo must not be
 * silently ignored while the default runs.
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { ConfigFile } from './config-file.js';
import { ConfigError } from './config-error.js';
import { CONFIG_OPTIONS, CONFIG_SECTIONS, describeAllowed, findOption, optionsOf, type ConfigOption, type ConfigValue } from './options.js';

export type SettingSource = 'default' | 'file' | 'env' | 'override';

export interface ResolvedSetting {
  readonly option: ConfigOption;
  readonly value: ConfigValue;
  readonly source: SettingSource;
  /** Where the value came from: `path:line`, a variable name, or null for defaults. */
  readonly origin: string | null;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface SettingLayers {
  readonly home: string;
  readonly file: ConfigFile | null;
  readonly env: Env;
  /** Keyed `section.key`. */
  readonly overrides?: Readonly<Record<string, ConfigValue | undefined>>;
  /** Relative paths from the environment or overrides resolve against this (default: the process's cwd). */
  readonly cwd?: string;
}

const ENV_PREFIX = 'UPDRAFT__';

export function resolveSettings(layers: SettingLayers): ResolvedSetting[] {
  const home = layers.home;
  const fileDir = layers.file ? resolve(layers.file.path, '..') : home;
  const cwd = layers.cwd ?? process.cwd();
  const fromEnv = readEnv(layers.env);
  const overrides = checkOverrideKeys(layers.overrides ?? {});

  return CONFIG_OPTIONS.map((option): ResolvedSetting => {
    const id = `${option.section}.${option.key}`;
    const override = overrides.get(id);
    if (override !== undefined) {
      return { option, value: coerce(option, override, `override ${id}`, cwd, home), source: 'override', origin: null };
    }
    const env = fromEnv.get(id);
    if (env) return { option, value: coerce(option, env.value, env.name, cwd, home), source: 'env', origin: env.name };
    const entry = layers.file?.entries.find((e) => e.section === option.section && e.key === option.key);
    if (entry && layers.file) {
      const origin = entry.line === null ? layers.file.path : `${layers.file.path}:${entry.line}`;
      return { option, value: coerce(option, entry.value, origin, fileDir, home), source: 'file', origin };
    }
    const value = typeof option.default === 'function' ? option.default(home) : option.default;
    return { option, value, source: 'default', origin: null };
  });
}

/** Per option id, the variable that sets it: short names first, then UPDRAFT__SECTION__KEY, then aliases. */
function readEnv(env: Env): Map<string, { name: string; value: string }> {
  const found = new Map<string, { name: string; value: string; rank: number }>();
  const offer = (id: string, name: string, value: string, rank: number) => {
    const current = found.get(id);
    if (!current || rank < current.rank) found.set(id, { name, value, rank });
  };
  for (const option of CONFIG_OPTIONS) {
    for (const name of option.env ?? []) {
      const value = env[name]?.trim();
      if (value) offer(`${option.section}.${option.key}`, name, value, 0);
    }
  }
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX)) continue;
    const value = raw?.trim();
    if (!value) continue;
    const option = optionOfVariable(name);
    offer(`${option.section}.${option.key}`, name, value, name.toLowerCase().endsWith(`__${option.key}`) ? 1 : 2);
  }
  return new Map([...found].map(([id, { name, value }]) => [id, { name, value }]));
}

function optionOfVariable(name: string): ConfigOption {
  const match = /^UPDRAFT__([A-Za-z0-9]+)__([A-Za-z0-9_]+)$/.exec(name);
  if (!match) {
    throw new ConfigError(`${name} is not a setting variable: use UPDRAFT__SECTION__KEY, e.g. UPDRAFT__CORE__PARALLELISM=32`);
  }
  const section = (match[1] as string).toLowerCase();
  const key = (match[2] as string).toLowerCase();
  if (!CONFIG_SECTIONS.includes(section)) {
    throw new ConfigError(`${name}: unknown section '${section}': the sections are ${CONFIG_SECTIONS.join(', ')}`);
  }
  const option = findOption(section, key);
  if (!option) {
    throw new ConfigError(`${name}: unknown setting '${key}' in [${section}]: its settings are ${optionsOf(section).map((o) => o.key).join(', ')}`);
  }
  return option;
}

function checkOverrideKeys(overrides: Readonly<Record<string, ConfigValue | undefined>>): Map<string, ConfigValue> {
  const result = new Map<string, ConfigValue>();
  for (const [id, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const [section = '', key = ''] = id.split('.');
    const option = findOption(section, key);
    if (!option) throw new ConfigError(`unknown setting '${id}': use section.key, e.g. core.parallelism`);
    result.set(`${option.section}.${option.key}`, value);
  }
  return result;
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

/** Types one raw value (from a file, a variable or an override) for `option`, or throws naming `origin`. */
export function coerce(option: ConfigOption, raw: unknown, origin: string, baseDir: string, home: string): ConfigValue {
  const id = `${option.section}.${option.key}`;
  const shown = option.secret ? '' : `, got ${typeof raw === 'string' ? `'${raw}'` : JSON.stringify(raw)}`;
  const bad = (why = `must be ${describeAllowed(option)}`): ConfigError => new ConfigError(`${origin}: ${id} ${why}${shown}`);
  const text = typeof raw === 'string' ? raw.trim() : null;

  switch (option.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (text !== null && TRUE.includes(text.toLowerCase())) return true;
      if (text !== null && FALSE.includes(text.toLowerCase())) return false;
      throw bad();
    }
    case 'integer':
    case 'number': {
      let n: number;
      if (typeof raw === 'number') n = raw;
      else if (typeof raw === 'bigint') n = Number(raw);
      else if (text !== null && text !== '' && (option.type === 'number' || /^[+-]?\d+$/.test(text))) n = Number(text);
      else throw bad();
      if (!Number.isFinite(n) || (option.type === 'integer' && !Number.isInteger(n))) throw bad();
      if (option.min !== undefined && (option.minExclusive ? n <= option.min : n < option.min)) throw bad();
      if (option.max !== undefined && n > option.max) throw bad();
      return n;
    }
    case 'enum': {
      const choice = text === null ? undefined : (option.choices ?? []).find((c) => c.toLowerCase() === text.toLowerCase());
      if (choice === undefined) throw bad();
      return choice;
    }
    case 'string':
    case 'path': {
      if (raw === null && typeof option.default !== 'function' && option.default === null) return null;
      if (text === null) throw bad();
      if (text === '') {
        if (option.default === null) return null;
        throw bad('must not be empty');
      }
      if (option.check) {
        const problem = option.check(text);
        if (problem) throw new ConfigError(`${origin}: ${id} is not valid: ${problem}${shown}`);
      }
      return option.type === 'path' ? expandPath(text, baseDir, home) : text;
    }
  }
}

/** `~/x`, `{UPDRAFT_HOME}/x` (Airflow's `{AIRFLOW_HOME}`) and relative paths, made absolute. */
function expandPath(text: string, baseDir: string, home: string): string {
  const expanded = text.replace(/\{UPDRAFT_HOME\}/g, home).replace(/^~(?=$|\/)/, homedir());
  return isAbsolute(expanded) ? resolve(expanded) : resolve(baseDir, expanded);
}
