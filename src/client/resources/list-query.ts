/** What every paged list endpoint takes (Airflow's `limit`, `offset`, `order_by`); each list adds its filters. */
import type { Query } from '../transport.js';

export interface ListQuery extends Query {
  readonly limit?: number;
  readonly offset?: number;
  /** A field, `-field` for descending. */
  readonly order_by?: string;
}
