/**
 * docker-compose.yml as data, for the tests that check it against the CLI and
 * against the process-level topology test: each service's `updraft` command
 * lines (from `command`, or from a `sh -c` script), environment, ports, volumes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { root } from './scheduler-harness.js';

export const COMPOSE_FILE = join(root, 'docker-compose.yml');

export interface ComposeService {
  readonly name: string;
  readonly image: string | null;
  /** Every `updraft …` command line the service runs, as words (without `updraft`). */
  readonly updraftCommands: readonly (readonly string[])[];
  /** The healthcheck's command as words, when it is a CMD. */
  readonly healthcheck: readonly string[] | null;
  readonly environment: Readonly<Record<string, string>>;
  readonly envFiles: readonly string[];
  readonly ports: readonly string[];
  readonly volumes: readonly string[];
  readonly replicas: number;
  readonly raw: Record<string, unknown>;
}

type Raw = Record<string, unknown>;

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

/** `updraft a b --x "y z"; updraft c` -> [['a','b','--x','y z'], ['c']]: shell words, quotes removed. */
function updraftLinesIn(script: string): string[][] {
  const words = [...script.matchAll(/"([^"]*)"|'([^']*)'|([^\s;&|]+)|([;&|]+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? `\u0000${m[4]}`);
  const lines: string[][] = [];
  let current: string[] | null = null;
  for (const word of words) {
    if (word.startsWith('\u0000') || ['then', 'else', 'fi', 'if', 'do', 'done'].includes(word)) {
      current = null;
    } else if (word === 'updraft') {
      current = [];
      lines.push(current);
    } else if (current) {
      current.push(word);
    }
  }
  return lines;
}

function environmentOf(value: unknown): Record<string, string> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((entry) => String(entry).split(/=(.*)/s).slice(0, 2) as [string, string]));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value as Raw).map(([k, v]) => [k, String(v)]));
  return {};
}

export function readCompose(path = COMPOSE_FILE): { readonly services: ReadonlyMap<string, ComposeService>; readonly raw: Raw } {
  // merge: the file shares settings between services with YAML merge keys (<<: *anchor).
  const raw = parse(readFileSync(path, 'utf8'), { merge: true }) as Raw;
  const services = new Map<string, ComposeService>();
  for (const [name, value] of Object.entries((raw.services ?? {}) as Record<string, Raw>)) {
    const image = typeof value.image === 'string' ? value.image : null;
    const entrypoint = asStrings(value.entrypoint);
    const command = asStrings(value.command);
    let updraftCommands: string[][] = [];
    if (entrypoint.length >= 2 && /(^|\/)(ba)?sh$/.test(entrypoint[0] as string) && entrypoint[1] === '-c') {
      updraftCommands = command.flatMap(updraftLinesIn);
    } else if (image?.includes('updraft') && entrypoint.length === 0) {
      // The image's entrypoint is `updraft`: the command is its arguments.
      updraftCommands = [command];
    }
    const test = asStrings((value.healthcheck as Raw | undefined)?.test);
    const deploy = value.deploy as Raw | undefined;
    services.set(name, {
      name,
      image,
      updraftCommands,
      healthcheck: test[0] === 'CMD' ? test.slice(1) : null,
      environment: environmentOf(value.environment),
      envFiles: asStrings(value.env_file),
      ports: asStrings(value.ports),
      volumes: asStrings(value.volumes),
      replicas: typeof deploy?.replicas === 'number' ? deploy.replicas : 1,
      raw: value,
    });
  }
  return { services, raw };
}
