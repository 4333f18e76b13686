/**
 * `group(id, [options], body)`: a task group. Tasks declared in the body get
 * ids prefixed with the group id (`extract.users`), share the group's
 * `defaultArgs`, and fold into one box in the UI. As a dependency, a group
 * stands for its first tasks (upstream side) and its last tasks (downstream
 * side); `g.result` is whatever the body returned.
 */
import { currentBuilder } from './dag-builder.js';
import type { TaskGroupRef } from './refs.js';
import type { DefaultArgs } from './task-options.js';

export interface GroupOptions {
  defaultArgs?: DefaultArgs;
  /** Shown when hovering the group in the UI. */
  tooltip?: string;
}

export function group<R>(id: string, body: () => R): TaskGroupRef<R>;
export function group<R>(id: string, options: GroupOptions, body: () => R): TaskGroupRef<R>;
export function group<R>(id: string, optionsOrBody: GroupOptions | (() => R), maybeBody?: () => R): TaskGroupRef<R> {
  const [options, body] = typeof optionsOrBody === 'function' ? [{}, optionsOrBody] : [optionsOrBody, maybeBody];
  if (typeof body !== 'function') throw new Error(`group('${id}'): the last argument must be the function declaring the group's tasks`);
  return currentBuilder('group', id).inGroup(id, options, body);
}
