/** The admin pages' own endpoints: cluster health, connections with URIs and the test setting, config with sources. */
import type { z } from '@hono/zod-openapi';
import type * as admin from '../../api/schemas/ui-admin.js';
import type { Transport } from '../transport.js';
import type { ListQuery } from './list-query.js';

export type UiCluster = z.output<typeof admin.UiClusterResponse>;
export type UiClusterJob = z.output<typeof admin.UiClusterJob>;
export type UiClusterComponent = z.output<typeof admin.UiClusterComponent>;
export type UiClusterPool = z.output<typeof admin.UiClusterPool>;
export type UiClusterFleet = z.output<typeof admin.UiClusterFleet>;
export type UiClusterWorker = z.output<typeof admin.UiClusterWorker>;
export type UiClusterQueue = z.output<typeof admin.UiClusterQueue>;
export type UiConnection = z.output<typeof admin.UiConnection>;
export type UiConnectionCollection = z.output<typeof admin.UiConnectionCollectionResponse>;
export type TestConnectionSetting = z.output<typeof admin.TestConnectionSetting>;
export type UiConfig = z.output<typeof admin.UiConfigResponse>;
export type UiConfigOption = z.output<typeof admin.UiConfigOption>;

export interface UiConnectionListQuery extends ListQuery {
  readonly connection_id_pattern?: string;
  readonly conn_type?: string;
}

export function uiAdminApi(t: Transport) {
  return {
    cluster: (signal?: AbortSignal) => t.json<UiCluster>('GET', '/ui/cluster', { signal }),
    connections: (query?: UiConnectionListQuery, signal?: AbortSignal) => t.json<UiConnectionCollection>('GET', '/ui/connections', { query, signal }),
    config: (signal?: AbortSignal) => t.json<UiConfig>('GET', '/ui/config', { signal }),
  };
}
