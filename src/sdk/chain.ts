/**
 * `chain(a, [b, c], d)`: dependencies without data, like Airflow's `chain`.
 * Each item runs after the one before it; a list next to a single item fans
 * out or in; two adjacent lists must have the same length and are paired
 * element by element.
 */
import type { Chainable, Dependable } from './refs.js';
import { currentBuilder } from './dag-builder.js';

export function chain(...items: Chainable[]): void {
  for (let i = 1; i < items.length; i += 1) {
    const from = items[i - 1] as Chainable;
    const to = items[i] as Chainable;
    const builder = currentBuilder('chain', describe(to));
    if (isList(from) && isList(to)) {
      if (from.length !== to.length) {
        throw new Error(
          `chain(): adjacent lists must have the same length to be paired, got ${from.length} and ${to.length} (at items ${i} and ${i + 1})`,
        );
      }
      from.forEach((item, k) => builder.addEdges([item], [to[k] as Dependable]));
    } else {
      builder.addEdges([from], [to]);
    }
  }
}

function isList(item: Chainable): item is readonly Dependable[] {
  return Array.isArray(item);
}

function describe(item: Chainable): string {
  return (isList(item) ? item : [item]).flatMap((d) => d.rootTaskIds).join(', ');
}
