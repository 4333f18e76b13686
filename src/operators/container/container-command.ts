/**
 * The `<tool> run …` command line of a container task, as an argument list
 * (run without a shell, so no value is ever parsed as shell syntax), the
 * environment the tool runs with, and the line shown in the task log.
 *
 * Container variables are passed by name (`-e NAME`, the value in the tool's
 * own environment) rather than as `-e NAME=value`: a process's arguments are
 * readable by every user of the host (`ps`), its environment only by its
 * owner. Names the tool itself reads (PATH, HOME, DOCKER_*, proxies…) would
 * change how the tool behaves, so those go inline as `-e NAME=value`.
 */
import type { ContainerMountConfig, ContainerPullPolicy } from '../../sdk/operators/container-run.js';
import { quoteWord } from '../../sdk/operators/command-words.js';
import type { ContainerTool } from './container-runtime.js';

/** The container as rendered for this try: templates filled, secret variables read. */
export interface ContainerSpec {
  readonly image: string;
  readonly command: readonly string[];
  readonly entrypoint: readonly string[] | null;
  /** Every variable of the container, `env` and `secretEnv` alike: all shown as *** in the log. */
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly ContainerMountConfig[];
  readonly workingDir: string | null;
  readonly user: string | null;
  readonly network: string | null;
  readonly pull: ContainerPullPolicy | null;
  readonly autoRemove: boolean;
  readonly extraArgs: readonly string[];
}

export interface RunInvocation {
  /** The arguments after the tool's path. */
  readonly args: readonly string[];
  /** The tool's environment: this process's, plus the container variables passed by name. */
  readonly env: NodeJS.ProcessEnv;
  /** The command line for the log, each variable's value replaced by ***. */
  readonly display: string;
}

/** Variables the docker and podman clients read themselves: setting them in the client's environment would reconfigure the client. */
const CLIENT_VARIABLES =
  /^(PATH|HOME|USER|LOGNAME|SHELL|TMPDIR|TZ|LANG|LANGUAGE|LC_\w+|LD_\w+|DOCKER_\w+|CONTAINERS?_\w+|PODMAN_\w+|BUILDAH_\w+|STORAGE_\w+|XDG_\w+|DBUS_\w+|GO\w+|SSL_CERT_\w+|REGISTRY_AUTH_FILE|NOTIFY_SOCKET|(HTTPS?|NO|ALL|FTP)_PROXY)$/i;

export function runInvocation(tool: ContainerTool, name: string, spec: ContainerSpec, processEnv: NodeJS.ProcessEnv): RunInvocation {
  const args: string[] = [];
  /** Words of the displayed line, quoted already. */
  const shown: string[] = [tool.name];
  const add = (...words: string[]) => {
    args.push(...words);
    shown.push(...words.map(quoteWord));
  };
  const env: NodeJS.ProcessEnv = { ...processEnv };
  add('run', '--name', name);
  if (spec.autoRemove) add('--rm');
  if (spec.pull !== null) add(`--pull=${spec.pull}`);
  for (const [variable, value] of Object.entries(spec.env)) {
    if (CLIENT_VARIABLES.test(variable)) {
      args.push('-e', `${variable}=${value}`);
    } else {
      args.push('-e', variable);
      env[variable] = value;
    }
    // Unquoted on purpose: '***' is no value to paste into a shell, and reads better bare.
    shown.push('-e', `${quoteWord(variable)}=***`);
  }
  for (const mount of spec.mounts) add('-v', `${mount.source}:${mount.target}${mount.readOnly ? ':ro' : ''}`);
  if (spec.workingDir !== null) add('-w', spec.workingDir);
  if (spec.user !== null) add('--user', spec.user);
  if (spec.network !== null) add('--network', spec.network);
  const [entrypoint, ...entrypointArgs] = spec.entrypoint ?? [];
  if (entrypoint !== undefined) add('--entrypoint', entrypoint);
  add(...spec.extraArgs, spec.image, ...entrypointArgs, ...spec.command);
  return { args, env, display: shown.join(' ') };
}

/**
 * `updraft-<dag>-<task>[-<map index>]-<run>-<try>-<random>`: findable with `docker ps`, unique
 * across workers and tries, and within the names runtimes accept ([a-zA-Z0-9][a-zA-Z0-9_.-]*).
 */
export function containerName(
  who: { readonly dagId: string; readonly taskId: string; readonly runId: string; readonly tryNumber: number; readonly mapIndex: number },
  random: string,
): string {
  const part = (text: string) => text.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
  const pieces = ['updraft', part(who.dagId), part(who.taskId), ...(who.mapIndex >= 0 ? [String(who.mapIndex)] : []), part(who.runId), String(who.tryNumber), part(random)];
  return pieces.filter((piece) => piece !== '').join('-');
}
