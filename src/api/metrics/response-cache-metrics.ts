/** This API process's response cache (response-cache.ts): how often it answered, and what it holds. */
import type { ResponseCacheStats } from '../response-cache.js';
import type { MetricFamily } from './prometheus-text.js';

export function responseCacheMetrics(stats: ResponseCacheStats): MetricFamily[] {
  return [
    { name: 'updraft_api_response_cache_hits_total', help: 'Requests to cacheable routes answered with a kept answer', type: 'counter', samples: [{ value: stats.hits }] },
    { name: 'updraft_api_response_cache_misses_total', help: 'Requests to cacheable routes that read the store', type: 'counter', samples: [{ value: stats.misses }] },
    { name: 'updraft_api_response_cache_entries', help: 'Answers kept under the current data version', type: 'gauge', samples: [{ value: stats.entries }] },
    { name: 'updraft_api_response_cache_bytes', help: 'Approximate memory of the kept answers, in bytes', type: 'gauge', samples: [{ value: stats.bytes }] },
  ];
}
