/**
 * How declared inputs become the typed first argument of a task function:
 * an `Output<T>` arrives as `T`, a literal as itself, and a mapped (`expand`)
 * input as one element of its list.
 */
import type { Output } from './refs.js';

/** Named inputs: outputs of other tasks, `params`, or JSON literals. */
export type Inputs = Readonly<Record<string, unknown>>;

/** Named lists to map a task over: a task output that is a list, or a literal list. */
export type Expansions = Readonly<Record<string, Output<readonly unknown[]> | readonly unknown[]>>;

export type InputValue<V> = V extends Output<infer T> ? T : V;

export type ResolvedInputs<I> = { readonly [K in keyof I]: InputValue<I[K]> };

type ElementOf<V> =
  V extends Output<infer T> ? (T extends readonly (infer E)[] ? E : never) : V extends readonly (infer E)[] ? E : never;

export type ExpandedInputs<E> = { readonly [K in keyof E]: ElementOf<E[K]> };

/** A mapped task returns one value per element; downstream tasks receive them all as a list. */
export type MappedResult<E, R> = keyof E extends never ? R : R[];

/** What the task function returns, as stored: `undefined` and `void` become `null`. */
export type XComOf<R> = [Awaited<R>] extends [void] ? null : Awaited<R>;
