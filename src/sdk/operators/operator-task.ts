/**
 * What every operator factory does: find the DAG being declared, check its own
 * options (a mistake is an import error naming the DAG, the task and the
 * option), and add a task whose `kind` and JSON `config` the operator's
 * executor (src/operators/) reads at run time. The factory's return type is
 * the task's XCom type.
 */
import type { JsonObject, JsonValue } from '../../core/dag-spec.js';
import { DagDefinitionError } from '../../core/dag-validation.js';
import { parseDuration, parseSignedDuration } from '../../core/duration.js';
import type { OperatorKind } from '../../core/operator-kinds.js';
import { currentBuilder } from '../dag-builder.js';
import type { Inputs } from '../inputs.js';
import type { TaskRef } from '../refs.js';
import type { TaskOptions } from '../task-options.js';

export interface OperatorDeclaration {
  readonly kind: OperatorKind;
  /** Shown as the task's operator in the UI and API, e.g. 'SQLExecuteQueryOperator' (Airflow's class names). */
  readonly operator: string;
  /** The options every task takes (retries, pool, executionTimeout...). */
  readonly options: TaskOptions;
  /** Values the executor receives resolved in `ctx.inputs` (and templates as `{{ inputs.name }}`); they also make upstream edges. */
  readonly inputs?: Inputs;
  readonly config: JsonObject;
}

/** Checks one factory's options; every failure names the DAG, the task, the factory and the option. */
export class OptionChecks {
  constructor(
    private readonly factory: string,
    private readonly dagId: string,
    private readonly taskId: string,
  ) {}

  fail(option: string, problem: string): never {
    throw new DagDefinitionError([{ dagId: this.dagId, taskId: this.taskId, message: `${this.factory}() option '${option}' ${problem}` }]);
  }

  /** A non-empty string. */
  text(option: string, value: unknown): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(option, `must be a non-empty string, got ${show(value)}`);
    return value;
  }

  optionalText(option: string, value: unknown): string | null {
    return value === undefined || value === null ? null : this.text(option, value);
  }

  /** A non-empty string, or a non-empty list of them. */
  textOrList(option: string, value: unknown): string | string[] {
    if (Array.isArray(value)) {
      if (value.length === 0) this.fail(option, 'must not be an empty list');
      return value.map((item, index) => this.text(`${option}[${index}]`, item));
    }
    return this.text(option, value);
  }

  boolean(option: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(option, `must be true or false, got ${show(value)}`);
    return value;
  }

  number(option: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(option, `must be a finite number, got ${show(value)}`);
    return value;
  }

  /** A whole number >= `min`. */
  integer(option: string, value: unknown, fallback: number, min = 0): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) this.fail(option, `must be a whole number >= ${min}, got ${show(value)}`);
    return value;
  }

  /** A duration (ms or text such as '30s') of at least `minMs` (default 1: positive); `signed` allows '-30m'. */
  duration(option: string, value: unknown, minMs = 1, signed = false): number {
    let ms: number;
    try {
      ms = signed ? parseSignedDuration(value as number | string) : parseDuration(value as number | string);
    } catch (error) {
      return this.fail(option, `must be a duration such as 30000 or '30s': ${error instanceof Error ? error.message : String(error)}`);
    }
    if (ms < minMs) this.fail(option, minMs === 1 ? 'must be a positive duration' : minMs === 0 ? 'must not be negative' : `must be at least ${minMs} ms`);
    return ms;
  }

  oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (!allowed.includes(value as T)) this.fail(option, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(value)}`);
    return value as T;
  }

  /** A plain object (not null, not a list). */
  object(option: string, value: unknown): Readonly<Record<string, unknown>> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(option, `must be an object, got ${show(value)}`);
    return value as Record<string, unknown>;
  }

  /** JSON data (what the serialized DAG can carry): no functions, undefined, bigints, Dates or class instances. */
  json(option: string, value: unknown): JsonValue {
    const problem = jsonProblem(value, option);
    if (problem) this.fail(problem.path, problem.why);
    return value as JsonValue;
  }
}

/** Declares the task in the current `dag()` body; `declare` checks the options and builds the declaration. */
export function operatorTask<T>(factory: string, id: string, declare: (check: OptionChecks) => OperatorDeclaration): TaskRef<T> {
  const builder = currentBuilder(factory, id);
  const declaration = declare(new OptionChecks(factory, builder.dagId, id));
  return builder.addTask<T>({
    id,
    kind: declaration.kind,
    operator: declaration.operator,
    options: declaration.options,
    inputs: declaration.inputs ?? {},
    config: declaration.config,
  });
}

function jsonProblem(value: unknown, path: string): { path: string; why: string } | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path, why: `must be a finite number, got ${value}` };
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = jsonProblem(item, `${path}[${index}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    for (const [key, item] of Object.entries(value)) {
      const problem = jsonProblem(item, `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  }
  const what = value instanceof Date ? 'a Date (pass its ISO text, or use {{ ds }} templates)' : `a ${typeof value}`;
  return { path, why: `must be JSON data (text, numbers, booleans, null, lists, objects), got ${what}` };
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
