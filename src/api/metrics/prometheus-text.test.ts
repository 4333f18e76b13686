import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeLabelValue, formatValue, histogramSamples, renderPrometheusText } from './prometheus-text.js';

describe('Prometheus text format', () => {
  test('writes HELP and TYPE once per family, then its samples', () => {
    const text = renderPrometheusText([
      { name: 'updraft_dag_runs', help: 'DAG runs by state', type: 'gauge', samples: [{ labels: { state: 'queued' }, value: 2 }, { labels: { state: 'running' }, value: 0 }] },
      { name: 'process_cpu_seconds_total', help: 'CPU', type: 'counter', samples: [{ value: 1.5 }] },
    ]);
    assert.equal(
      text,
      [
        '# HELP updraft_dag_runs DAG runs by state',
        '# TYPE updraft_dag_runs gauge',
        'updraft_dag_runs{state="queued"} 2',
        'updraft_dag_runs{state="running"} 0',
        '# HELP process_cpu_seconds_total CPU',
        '# TYPE process_cpu_seconds_total counter',
        'process_cpu_seconds_total 1.5',
        '',
      ].join('\n'),
    );
  });

  test('escapes backslash, double quote and newline in label values, backslash and newline in HELP', () => {
    assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
    const text = renderPrometheusText([{ name: 'm', help: 'line one\nback\\slash "quoted"', type: 'gauge', samples: [{ labels: { pool: 'we"ird\\pool\n' }, value: 1 }] }]);
    assert.equal(text, '# HELP m line one\\nback\\\\slash "quoted"\n# TYPE m gauge\nm{pool="we\\"ird\\\\pool\\n"} 1\n');
  });

  test('writes special values as Prometheus spells them', () => {
    assert.deepEqual([formatValue(NaN), formatValue(Infinity), formatValue(-Infinity), formatValue(0.25), formatValue(-1)], ['NaN', '+Inf', '-Inf', '0.25', '-1']);
  });

  test('a histogram has cumulative buckets ending in +Inf, a sum and a count', () => {
    const text = renderPrometheusText([{ name: 'd_seconds', help: 'h', type: 'histogram', samples: histogramSamples([0.1, 1], [1, 3], 4, 7.5, { state: 'success' }) }]);
    assert.deepEqual(text.trim().split('\n').slice(2), [
      'd_seconds_bucket{state="success",le="0.1"} 1',
      'd_seconds_bucket{state="success",le="1"} 3',
      'd_seconds_bucket{state="success",le="+Inf"} 4',
      'd_seconds_sum{state="success"} 7.5',
      'd_seconds_count{state="success"} 4',
    ]);
  });

  test('refuses invalid or repeated names, saying which', () => {
    assert.throws(() => renderPrometheusText([{ name: 'bad-name', help: '', type: 'gauge', samples: [] }]), /invalid Prometheus metric name 'bad-name'/);
    assert.throws(() => renderPrometheusText([{ name: 'm', help: '', type: 'gauge', samples: [{ labels: { 'x-y': '1' }, value: 1 }] }]), /label name 'x-y'/);
    const m = { name: 'm', help: '', type: 'gauge' as const, samples: [] };
    assert.throws(() => renderPrometheusText([m, m]), /listed twice/);
  });
});
