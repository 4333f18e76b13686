/**
 * `bash(id, command, [options])`: runs a shell command. A non-zero exit fails
 * the try; exit code `skipExitCode` (99, as Airflow; a list of codes, or null
 * for none) marks the task skipped; the last line of standard output is the task's XCom.
 *
 * The command is either text, where `{{ ds }}`, `{{ run_id }}`, `{{ params.x }}`
 * and the other context values are filled in at run time, or a function of the
 * task's typed inputs and context that returns the command.
 */
import { currentBuilder, type TaskFunction } from './dag-builder.js';
import type { Inputs, ResolvedInputs } from './inputs.js';
import { OptionChecks } from './operators/operator-task.js';
import type { TaskRef } from './refs.js';
import type { TaskBody } from './task.js';
import type { TaskOptions } from './task-options.js';

export interface BashOptions extends TaskOptions {
  /** Environment of the command; replaces the inherited one unless `appendEnv` is true. */
  env?: Readonly<Record<string, string>>;
  appendEnv?: boolean;
  /** Working directory (default: a fresh temporary directory, removed afterwards). */
  cwd?: string;
  /** Exit code(s) that mean "skip" rather than "fail" (default 99); null: no code skips (Airflow's `skip_on_exit_code`). */
  skipExitCode?: number | readonly number[] | null;
}

export interface BashWithInputsOptions<I extends Inputs> extends BashOptions {
  inputs?: I;
}

export const DEFAULT_SKIP_EXIT_CODE = 99;

export function bash(id: string, command: string, options?: BashOptions): TaskRef<string>;
export function bash<I extends Inputs = {}>(
  id: string,
  options: BashWithInputsOptions<I>,
  command: TaskBody<ResolvedInputs<I>, string>,
): TaskRef<string>;
export function bash(
  id: string,
  first: string | BashWithInputsOptions<Inputs>,
  second?: BashOptions | TaskBody<never, string>,
): TaskRef<string> {
  const builder = currentBuilder('bash', id);
  const [options, command, commandFn] =
    typeof first === 'string'
      ? [(second ?? {}) as BashWithInputsOptions<Inputs>, first, undefined]
      : [first, null, second as TaskBody<never, string> | undefined];
  if (command === null && typeof commandFn !== 'function') {
    throw new Error(`bash('${id}'): give the command as text, or as a function returning it after the options`);
  }
  if (command !== null && command.trim() === '') throw new Error(`bash('${id}'): the command is empty`);
  const { inputs, env, appendEnv, cwd, skipExitCode, ...taskOptions } = options;
  return builder.addTask({
    id,
    kind: 'bash',
    operator: 'BashOperator',
    options: taskOptions,
    inputs: inputs ?? {},
    config: {
      command,
      env: env ? { ...env } : null,
      appendEnv: appendEnv ?? false,
      cwd: cwd ?? null,
      skipExitCode: skipExitCodeConfig(new OptionChecks('bash', builder.dagId, id), skipExitCode),
    },
    ...(commandFn ? { run: commandFn as TaskFunction } : {}),
  });
}

/** Undefined is the default 99; null (or an empty list) never skips; otherwise exit codes 0-255. */
function skipExitCodeConfig(check: OptionChecks, value: unknown): number | number[] | null {
  if (value === undefined) return DEFAULT_SKIP_EXIT_CODE;
  if (value === null) return null;
  const exitCode = (option: string, code: unknown): number => {
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 255) {
      check.fail(option, `must be an exit code (a whole number from 0 to 255), a list of them, or null for none; got ${JSON.stringify(code) ?? String(code)}`);
    }
    return code;
  };
  return Array.isArray(value) ? value.map((code: unknown, index) => exitCode(`skipExitCode[${index}]`, code)) : exitCode('skipExitCode', value);
}
