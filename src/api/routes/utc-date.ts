/** A date-time from a query or body: ISO 8601, where no offset means UTC (as FastAPI reads it). */
export function parseDate(value: string): Date {
  return new Date(value.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}
