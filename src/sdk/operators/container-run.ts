/**
 * `containerRun(id, { image, command })`: runs a container image on the worker
 * through the `docker` or `podman` command-line tool (Airflow's
 * DockerOperator), streams its output into the task log, and fails the task
 * when the container exits with a code other than 0. The last line the
 * container writes to standard output is the task's XCom (as DockerOperator
 * pushes its last log line). A timeout or a clear kills and removes the
 * container. Image, command, entrypoint, env values, mounts, workingDir, user,
 * network and extraArgs are templated (`{{ ds }}`, `{{ params.x }}`, `{{ inputs.y }}`).
 *
 *   containerRun('transform', {
 *     image: 'ghcr.io/acme/etl:1.4',
 *     command: 'python -m etl.transform --day {{ ds }}',
 *     env: { STAGE: 'prod' },
 *     secretEnv: { DB_PASSWORD: 'warehouse_password' },
 *     mounts: [{ source: '/srv/etl/data', target: '/data', readOnly: true }],
 *     executionTimeout: '30m',
 *   });
 *
 * Secrets do not belong in the DAG file: `secretEnv` maps container variables
 * to Updraft variables read when the task runs (secrets backends apply), and
 * their values are masked in the task log, like Airflow's private_environment.
 */
import type { Inputs } from '../inputs.js';
import type { TaskRef } from '../refs.js';
import type { TaskOptions } from '../task-options.js';
import { splitCommandWords } from './command-words.js';
import { operatorTask, type OptionChecks } from './operator-task.js';

export const CONTAINER_RUNTIMES = ['auto', 'docker', 'podman'] as const;
export type ContainerRuntime = (typeof CONTAINER_RUNTIMES)[number];
export const CONTAINER_PULL_POLICIES = ['missing', 'always', 'never'] as const;
export type ContainerPullPolicy = (typeof CONTAINER_PULL_POLICIES)[number];
export const CONTAINER_XCOM_MODES = ['last_line', 'none'] as const;

export interface ContainerMount {
  /** An absolute path on the worker, or the name of a volume. */
  source: string;
  /** An absolute path in the container. */
  target: string;
  readOnly?: boolean;
}

export interface ContainerRunOptions extends TaskOptions {
  /** The image, e.g. 'python:3.12-slim' or 'ghcr.io/acme/etl:{{ params.tag }}'. */
  image: string;
  /** The command (after the entrypoint). A string is split into words as a shell would (quotes group words) but never runs in one: write ['sh', '-c', '…'] for pipes. */
  command?: string | readonly string[];
  /** Replaces the image's entrypoint; with a list, the rest are the first arguments. */
  entrypoint?: string | readonly string[];
  /** Environment variables of the container. The task log shows their names only. */
  env?: Readonly<Record<string, string>>;
  /** Container variable -> the Updraft variable (read when the task runs) that holds its value, masked in the log. */
  secretEnv?: Readonly<Record<string, string>>;
  mounts?: readonly ContainerMount[];
  workingDir?: string;
  /** 'name', 'uid', or 'uid:gid'. */
  user?: string | number;
  /** 'bridge', 'host', 'none', or a network's name. */
  network?: string;
  /** Which tool runs it (default 'auto': docker if it is on the worker's PATH, else podman). */
  runtime?: ContainerRuntime;
  /** When to pull the image (default: the runtime's own default, 'missing'). */
  pull?: ContainerPullPolicy;
  /** Remove the container when it exits (default true, `--rm`). */
  autoRemove?: boolean;
  /** More `run` options, placed before the image, e.g. ['--memory', '2g', '--cpus', '1.5']. */
  extraArgs?: readonly string[];
  /** 'last_line' (default): the last line of standard output is the XCom; 'none': the XCom is null. */
  xcom?: (typeof CONTAINER_XCOM_MODES)[number];
  /** Other tasks' outputs usable as `{{ inputs.name }}`; they become upstream tasks. */
  inputs?: Inputs;
}

export type ContainerMountConfig = { readonly source: string; readonly target: string; readonly readOnly: boolean };

export type ContainerRunConfig = {
  readonly image: string;
  /** The command's words, each rendered on its own when the task runs. */
  readonly command: readonly string[] | null;
  readonly entrypoint: readonly string[] | null;
  readonly env: { readonly [name: string]: string };
  readonly secretEnv: { readonly [name: string]: string };
  readonly mounts: readonly ContainerMountConfig[];
  readonly workingDir: string | null;
  readonly user: string | null;
  readonly network: string | null;
  readonly runtime: ContainerRuntime;
  readonly pull: ContainerPullPolicy | null;
  readonly autoRemove: boolean;
  readonly extraArgs: readonly string[];
  readonly xcom: (typeof CONTAINER_XCOM_MODES)[number];
};

/** `run` options the operator owns: it names the container, waits for it and streams its output. */
const OWNED_ARGS = /^(--name|--rm|-d|--detach)(=.*)?$/;

export function containerRun(id: string, options: ContainerRunOptions): TaskRef<string | null> {
  return operatorTask<string | null>('containerRun', id, (check) => {
    const { image, command, entrypoint, env, secretEnv, mounts, workingDir, user, network, runtime, pull, autoRemove, extraArgs, xcom, inputs, ...taskOptions } = options;
    const config: ContainerRunConfig = {
      image: checked(check, 'image', check.text('image', image), imageProblem),
      command: command === undefined ? null : commandWords(check, 'command', command),
      entrypoint: entrypoint === undefined ? null : words(check, 'entrypoint', entrypoint),
      env: envMap(check, 'env', env, (name, value) => (typeof value === 'string' ? value : check.fail(`env.${name}`, 'must be a string (write numbers as text)'))),
      secretEnv: envMap(check, 'secretEnv', secretEnv, (name, value) => check.text(`secretEnv.${name}`, value)),
      mounts: mounts === undefined ? [] : listOf(check, 'mounts', mounts).map((mount, index) => mountConfig(check, `mounts[${index}]`, mount)),
      workingDir: workingDir === undefined ? null : checked(check, 'workingDir', check.text('workingDir', workingDir), (dir) => absolutePathProblem(dir)),
      user: user === undefined ? null : typeof user === 'number' ? String(check.integer('user', user, 0)) : check.text('user', user),
      network: check.optionalText('network', network),
      runtime: check.oneOf('runtime', runtime, CONTAINER_RUNTIMES, 'auto'),
      pull: pull === undefined ? null : check.oneOf('pull', pull, CONTAINER_PULL_POLICIES, 'missing'),
      autoRemove: check.boolean('autoRemove', autoRemove, true),
      extraArgs: extraArgs === undefined ? [] : listOf(check, 'extraArgs', extraArgs).map((arg, index) => extraArg(check, `extraArgs[${index}]`, arg)),
      xcom: check.oneOf('xcom', xcom, CONTAINER_XCOM_MODES, 'last_line'),
    };
    const both = Object.keys(config.env).find((name) => name in config.secretEnv);
    if (both !== undefined) check.fail(`secretEnv.${both}`, 'is also set in env: give each variable one value');
    return { kind: 'container_run', operator: 'DockerOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}

/** What is wrong with an image reference ('' when nothing); a value starting with '-' would be read as an option. */
export function imageProblem(image: string): string {
  if (image.startsWith('-')) return `must be an image reference, not an option: got '${image}'`;
  if (/\s/.test(image)) return `must be an image reference without blanks: got '${image}'`;
  return '';
}

/** What is wrong with a mount ('' when nothing): `-v source:target[:ro]` cannot carry a ':' inside either path. */
export function mountProblem(source: string, target: string): string {
  if (source.includes(':') || target.includes(':')) return `cannot contain ':' (it separates source, target and options): got '${source}' -> '${target}'`;
  if (!source.startsWith('/') && source.includes('/')) return `source must be an absolute path on the worker or a volume name: got '${source}' (write its absolute path)`;
  return absolutePathProblem(target);
}

export function absolutePathProblem(path: string): string {
  return path.startsWith('/') ? '' : `must be an absolute path in the container: got '${path}'`;
}

/** Runs `problem` on text without template placeholders; templated text is checked again once rendered. */
function checked(check: OptionChecks, option: string, value: string, problem: (value: string) => string): string {
  const found = value.includes('{{') ? '' : problem(value);
  if (found !== '') check.fail(option, found);
  return value;
}

function listOf(check: OptionChecks, option: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) check.fail(option, 'must be a list');
  return value;
}

function words(check: OptionChecks, option: string, value: unknown): string[] {
  if (typeof value === 'string') return [check.text(option, value)];
  const list = listOf(check, option, value);
  if (list.length === 0) check.fail(option, 'must not be an empty list');
  return list.map((word, index) => {
    if (typeof word !== 'string') check.fail(`${option}[${index}]`, `must be a string, got ${JSON.stringify(word) ?? typeof word}`);
    if (index === 0 && word.trim() === '') check.fail(`${option}[0]`, 'must be a non-empty string');
    return word;
  });
}

function commandWords(check: OptionChecks, option: string, value: unknown): string[] {
  if (typeof value !== 'string') return words(check, option, value);
  const split = splitCommandWords(check.text(option, value));
  if (!Array.isArray(split)) check.fail(option, `${split.problem}: fix the quoting, or give the words as a list`);
  return split;
}

function envMap(
  check: OptionChecks,
  option: string,
  value: unknown,
  item: (name: string, value: unknown) => string,
): { [name: string]: string } {
  if (value === undefined) return {};
  const map: { [name: string]: string } = {};
  for (const [name, raw] of Object.entries(check.object(option, value))) {
    if (!/^[^=\s]+$/.test(name)) check.fail(`${option}['${name}']`, 'is not a variable name: it must be non-empty, without blanks or "="');
    map[name] = item(name, raw);
  }
  return map;
}

function mountConfig(check: OptionChecks, option: string, value: unknown): ContainerMountConfig {
  const { source, target, readOnly, ...rest } = check.object(option, value);
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) check.fail(`${option}.${extra}`, 'is not a mount field: use source, target and readOnly');
  const mount = { source: check.text(`${option}.source`, source), target: check.text(`${option}.target`, target), readOnly: check.boolean(`${option}.readOnly`, readOnly, false) };
  if (!`${mount.source}${mount.target}`.includes('{{')) {
    const problem = mountProblem(mount.source, mount.target);
    if (problem !== '') check.fail(option, problem);
  }
  return mount;
}

function extraArg(check: OptionChecks, option: string, value: unknown): string {
  if (typeof value !== 'string') check.fail(option, `must be a string, got ${JSON.stringify(value) ?? typeof value}`);
  if (OWNED_ARGS.test(value)) check.fail(option, `'${value}' is set by containerRun itself: use autoRemove for --rm; the name is generated, and the task waits for the container`);
  return value;
}
