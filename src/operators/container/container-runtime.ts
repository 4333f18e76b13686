/**
 * Finds the container tool on the worker: `docker` or `podman` as an
 * executable file in one of the PATH folders of the process that runs the
 * task ('auto' tries docker first, as most hosts that have both alias one to
 * the other). Its absolute path is what gets run, so the tool found is the
 * tool used.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { delimiter, resolve } from 'node:path';
import type { ContainerRuntime } from '../../sdk/operators/container-run.js';

export type ContainerToolName = 'docker' | 'podman';

export interface ContainerTool {
  readonly name: ContainerToolName;
  /** Absolute path of the executable. */
  readonly path: string;
}

const INSTALL: Record<ContainerToolName, string> = {
  docker: 'Docker (https://docs.docker.com/engine/install/)',
  podman: 'Podman (https://podman.io/docs/installation)',
};

/** The tool to run, or an error saying which worker, what was searched, and what to install or set. */
export async function findContainerTool(runtime: ContainerRuntime, pathVariable: string | undefined, where: string): Promise<ContainerTool> {
  const folders = (pathVariable ?? '').split(delimiter).filter((folder) => folder !== '');
  const wanted: ContainerToolName[] = runtime === 'auto' ? ['docker', 'podman'] : [runtime];
  for (const name of wanted) {
    const path = await findExecutable(name, folders);
    if (path !== null) return { name, path };
  }
  const searched = folders.length === 0 ? 'PATH is empty' : `searched PATH: ${folders.join(delimiter)}`;
  if (runtime !== 'auto') {
    const other: ContainerToolName = runtime === 'docker' ? 'podman' : 'docker';
    const otherPath = await findExecutable(other, folders);
    const alternative = otherPath === null ? '' : `; ${other} is there (${otherPath}): set runtime: '${other}' or 'auto' to use it`;
    throw new Error(
      `${where}: runtime '${runtime}' was asked for, but there is no '${runtime}' executable on worker ${hostname()} (${searched})${alternative}. ` +
        `Install ${INSTALL[runtime]} on the worker, or add the folder that holds it to the worker's PATH`,
    );
  }
  throw new Error(
    `${where}: no container runtime on worker ${hostname()}: neither 'docker' nor 'podman' is an executable file on the PATH of the process running the task (${searched}). ` +
      `Install ${INSTALL.docker} or ${INSTALL.podman} on the worker, or add the folder that holds it to the worker's PATH, ` +
      `or send the task with 'queue' to workers that have one`,
  );
}

async function findExecutable(name: string, folders: readonly string[]): Promise<string | null> {
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const folder of folders) {
    for (const file of names) {
      const path = resolve(folder, file);
      const isFile = await stat(path).then((s) => s.isFile(), () => false);
      if (isFile && (await access(path, constants.X_OK).then(() => true, () => false))) return path;
    }
  }
  return null;
}
