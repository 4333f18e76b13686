/**
 * Column types per dialect, for migrations. Frozen once a migration using them
 * ships: changing a type here would change what an old migration creates, so a
 * new type gets a new name instead.
 */
import type { ColumnDefinitionBuilder } from 'kysely';
import type { StoreDialect } from '../../store.js';

export interface ColumnTypes {
  readonly time: 'timestamptz' | 'text';
  /** PostgreSQL `json`, not `jsonb`: it keeps the text as written (key order, duplicate keys),
   * so a value reads back the same on both dialects; we never query inside these values. */
  readonly json: 'json' | 'text';
  readonly bool: 'boolean' | 'integer';
  /** 64-bit: durations in ms overflow 32 bits after 24.8 days. */
  readonly bigint: 'bigint' | 'integer';
  readonly false: boolean | number;
  readonly true: boolean | number;
  /** Surrogate key: an identity column in PostgreSQL, AUTOINCREMENT (never reused) in SQLite. */
  readonly id: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

export function columnTypes(dialect: StoreDialect): ColumnTypes {
  return dialect === 'postgres'
    ? {
        time: 'timestamptz',
        json: 'json',
        bool: 'boolean',
        bigint: 'bigint',
        false: false,
        true: true,
        id: (col) => col.generatedByDefaultAsIdentity().primaryKey(),
      }
    : {
        time: 'text',
        json: 'text',
        bool: 'integer',
        bigint: 'integer',
        false: 0,
        true: 1,
        id: (col) => col.primaryKey().autoIncrement(),
      };
}
