/**
 * Executor of `containerRun`: renders the container's options, reads its
 * secret variables, finds docker or podman on the worker, runs the container
 * under a generated name and judges its exit code. The last line of its
 * standard output is the XCom.
 */
import { randomBytes } from 'node:crypto';
import { absolutePathProblem, imageProblem, mountProblem, type ContainerRunConfig } from '../../sdk/operators/container-run.js';
import { executor, succeeded, type OperatorContext } from '../operator.js';
import { containerName, runInvocation, type ContainerSpec } from './container-command.js';
import { runContainerProcess, type ContainerExit } from './container-process.js';
import { findContainerTool, type ContainerTool } from './container-runtime.js';

export const containerRunExecutor = executor<ContainerRunConfig>(async (config, ctx) => {
  const tool = await findContainerTool(config.runtime, process.env.PATH, ctx.where);
  const spec = await containerSpec(config, ctx);
  const name = containerName(ctx.context, randomBytes(3).toString('hex'));
  const invocation = runInvocation(tool, name, spec, process.env);
  ctx.signal.throwIfAborted();
  ctx.log.info(`Running container ${name} with ${tool.path}: ${invocation.display}`);
  const exit = await runContainerProcess({ tool, name, invocation, signal: ctx.signal, log: ctx.log });
  ctx.signal.throwIfAborted();
  if (exit.exitCode !== 0) throw new Error(`${ctx.where}: ${failure(tool, spec.image, exit)}`);
  ctx.log.info(`Container ${name} exited with code 0`);
  return succeeded(config.xcom === 'last_line' ? exit.lastStdoutLine : null);
});

/** Fills the templates, checks what could only be checked once rendered, and reads the secret variables (masked from then on). */
async function containerSpec(config: ContainerRunConfig, ctx: OperatorContext): Promise<ContainerSpec> {
  const check = (option: string, problem: string) => {
    if (problem !== '') throw new Error(`${ctx.where}: option '${option}' ${problem}`);
  };
  const image = ctx.render(config.image);
  check('image', imageProblem(image));
  const mounts = config.mounts.map((mount, index) => {
    const rendered = { source: ctx.render(mount.source), target: ctx.render(mount.target), readOnly: mount.readOnly };
    check(`mounts[${index}]`, mountProblem(rendered.source, rendered.target));
    return rendered;
  });
  const workingDir = config.workingDir === null ? null : ctx.render(config.workingDir);
  if (workingDir !== null) check('workingDir', absolutePathProblem(workingDir));
  const env: Record<string, string> = {};
  for (const [variable, value] of Object.entries(config.env)) env[variable] = ctx.render(value);
  for (const [variable, template] of Object.entries(config.secretEnv)) {
    const key = ctx.render(template);
    const value = await ctx.context.variables.get(key);
    if (value === null) {
      throw new Error(
        `${ctx.where}: secretEnv.${variable} reads variable '${key}', which does not exist: ` +
          `create it with 'updraft variables set ${key} <value> --secret', or in the UI's Variables page`,
      );
    }
    ctx.context.maskSecret(value);
    env[variable] = value;
  }
  const renderList = (list: readonly string[] | null) => (list === null ? null : list.map((word) => ctx.render(word)));
  return {
    image,
    command: renderList(config.command) ?? [],
    entrypoint: renderList(config.entrypoint),
    env,
    mounts,
    workingDir,
    user: config.user === null ? null : ctx.render(config.user),
    network: config.network === null ? null : ctx.render(config.network),
    pull: config.pull,
    autoRemove: config.autoRemove,
    extraArgs: renderList(config.extraArgs) ?? [],
  };
}

/** Why the task failed, with what the exit code usually means (docker and podman share 125-127). */
function failure(tool: ContainerTool, image: string, exit: ContainerExit): string {
  const hints: Record<number, string> = {
    125: `${tool.name} itself failed before the container ran (is the daemon running? can the image be pulled? is an option wrong?)`,
    126: 'the command in the container could not be invoked (is it executable?)',
    127: 'the command was not found in the image',
    137: 'the container was killed (SIGKILL): often out of memory or over a memory limit',
    143: 'the container was terminated (SIGTERM)',
  };
  const how =
    exit.exitCode === null
      ? `'${tool.name} run' was killed by ${exit.killedBy ?? 'a signal'}`
      : `the container of image '${image}' exited with code ${exit.exitCode}${hints[exit.exitCode] ? `: ${hints[exit.exitCode]}` : ''}`;
  return exit.lastLines.length === 0 ? how : `${how}; its last output: ${exit.lastLines.join(' | ')}`;
}
