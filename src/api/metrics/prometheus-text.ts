/**
 * Prometheus text exposition format 0.0.4, written by hand (no client library):
 * `# HELP` and `# TYPE` once per family, then one line per sample,
 * `name{label="value",...} number`. Label values escape backslash, double quote
 * and newline; HELP text escapes backslash and newline (the format's rules).
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'gauge' | 'counter' | 'summary' | 'histogram' | 'untyped';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /** Appended to the family name: `_bucket`, `_sum`, `_count` (none for plain gauges and counters). */
  readonly suffix?: string;
  readonly labels?: Labels;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  return `{${entries
    .map(([name, value]) => {
      if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`invalid Prometheus label name '${name}': use [a-zA-Z_][a-zA-Z0-9_]*, not starting with __`);
      return `${name}="${escapeLabelValue(value)}"`;
    })
    .join(',')}}`;
}

/** The exposition text of `families`, in the order given (names must be unique and valid). */
export function renderPrometheusText(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid Prometheus metric name '${family.name}': use [a-zA-Z_:][a-zA-Z0-9_:]*`);
    if (seen.has(family.name)) throw new Error(`metric family '${family.name}' is listed twice: merge its samples into one family`);
    seen.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(`${family.name}${sample.suffix ?? ''}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * A histogram's samples: `_bucket` per upper bound (cumulative counts, in order, then `+Inf`
 * = `count`), `_sum` and `_count`, each with `labels` (and `le` on buckets).
 */
export function histogramSamples(bounds: readonly number[], cumulative: readonly number[], count: number, sum: number, labels: Labels = {}): Sample[] {
  return [
    ...bounds.map((le, i) => ({ suffix: '_bucket', labels: { ...labels, le: formatValue(le) }, value: cumulative[i] ?? 0 })),
    { suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: count },
    { suffix: '_sum', labels, value: sum },
    { suffix: '_count', labels, value: count },
  ];
}
