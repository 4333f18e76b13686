/** How every list in the store is asked for and answered: a page of items and the total across pages. */

/** A field to order by, ascending, or descending with a leading `-` (as the REST API's `order_by`). */
export type Sort<F extends string> = F | `-${F}`;

export interface PageRequest {
  readonly limit?: number;
  readonly offset?: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
}
