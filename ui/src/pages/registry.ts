/**
 * Every page of the app, one line each, in nav order. To add a page: create
 * `pages/<name>/<Name>Page.tsx` (default export, props `PageProps`) and add or
 * edit its line here. Patterns are tried top to bottom.
 */
import type { PageDef } from './page';

export const PAGES: readonly PageDef[] = [
  { path: '/dags', title: 'DAGs', nav: 'main', needs: ['read', 'DAGs'], load: () => import('./dags/DagsPage') },
  { path: '/dags/:dagId/*', title: 'DAG', needs: ['read', 'DAGs'], load: () => import('./dag/DagPage') },
  { path: '/runs', title: 'Runs', nav: 'main', needs: ['read', 'DAG runs'], load: () => import('./runs/RunsPage') },
  { path: '/audit-log', title: 'Audit log', nav: 'Browse', needs: ['read', 'audit logs'], load: () => import('./audit-log/AuditLogPage') },
  { path: '/import-errors', title: 'Import errors', nav: 'Browse', needs: ['read', 'import errors'], load: () => import('./import-errors/ImportErrorsPage') },
  { path: '/variables', title: 'Variables', nav: 'Admin', needs: ['read', 'variables'], load: () => import('./variables/VariablesPage') },
  { path: '/connections', title: 'Connections', nav: 'Admin', needs: ['read', 'connections'], load: () => import('./connections/ConnectionsPage') },
  { path: '/pools', title: 'Pools', nav: 'Admin', needs: ['read', 'pools'], load: () => import('./pools/PoolsPage') },
  { path: '/users', title: 'Users', nav: 'Admin', needs: ['read', 'users'], load: () => import('./users/UsersPage') },
  { path: '/config', title: 'Config', nav: 'Admin', needs: ['read', 'config'], load: () => import('./config/ConfigPage') },
  { path: '/cluster', title: 'Cluster', nav: 'main', needs: ['read', 'jobs'], load: () => import('./cluster/ClusterPage') },
];
