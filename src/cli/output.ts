/**
 * Printing for the CLI: `-o table` (default, aligned columns for people),
 * `-o json` (for scripts), `-o plain` (tab-separated, for grep and cut), and
 * colours only when writing to a terminal.
 */
export type OutputFormat = 'table' | 'json' | 'plain';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'plain'];

export type Row = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new Error(`unknown output format '${value}': use one of ${OUTPUT_FORMATS.join(', ')}`);
}

function cell(value: Row[string]): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export function renderRows(rows: readonly Row[], columns: readonly string[], format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))), null, 2);
  if (format === 'plain') return rows.map((row) => columns.map((c) => cell(row[c] ?? null)).join('\t')).join('\n');
  if (rows.length === 0) return '(none)';
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((row) => cell(row[c] ?? null).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  return [line([...columns]), widths.map((w) => '='.repeat(w)).join('=+='), ...rows.map((row) => line(columns.map((c) => cell(row[c] ?? null))))].join('\n');
}

const useColour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;

const STATE_COLOURS: Record<string, string> = {
  success: '32',
  failed: '31',
  upstream_failed: '33',
  skipped: '35',
  up_for_retry: '33',
  running: '36',
  queued: '90',
  scheduled: '90',
  removed: '90',
};

export function colourState(state: string | null): string {
  const text = state ?? 'none';
  const code = STATE_COLOURS[text];
  return useColour && code ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function dim(text: string): string {
  return useColour ? `\u001b[2m${text}\u001b[0m` : text;
}
