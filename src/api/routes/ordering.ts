/**
 * `order_by` as Airflow takes it (`field` or `-field`), mapped onto the one
 * sort key our store lists by. An attribute we cannot sort by is a 422 (the spec
 * lists no 400 for the list operations) naming
 * the ones we can; with several keys the first decides (the store sorts by one).
 */
import { ApiValidationError } from '../http-errors.js';

export function storeSort<F extends string>(orderBy: readonly string[] | undefined, fields: Readonly<Record<string, F>>, fallback: F | `-${F}`): F | `-${F}` {
  const first = orderBy?.find((v) => v.trim() !== '');
  if (first === undefined) return fallback;
  const descending = first.startsWith('-');
  const name = descending ? first.slice(1) : first;
  const field = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
  if (field === undefined) {
    const msg = `Ordering with '${name}' is disallowed or the attribute does not exist on the model: use one of ${Object.keys(fields).join(', ')}`;
    throw new ApiValidationError([{ loc: ['query', 'order_by'], msg, type: 'value_error' }]);
  }
  return descending ? `-${field}` : field;
}
