/**
 * Every page of the app, one line each, in nav order. To add a page: create
 * `pages/<name>/<Name>Page.tsx` (default export, props `PageProps`) and add or
 * edit its line here. Patterns are tried top to bottom.
 */
import type { PageDef } from './page';

export const PAGES: readonly PageDef[] = [
  { path: '/dags', title: 'DAGs', nav: 'main', needs: ['read', 'DAGs'], load: () => import('./dags/DagsPage') },
  { path: '/dags/:dagId/*', title: 'DAG', needs: ['read', 'DAGs'], about: 'One DAG: grid of runs × tasks, graph, Gantt, run durations, calendar, code, details, its runs and task instances, with trigger, clear and mark actions.' },
  { path: '/runs', title: 'Runs', nav: 'main', needs: ['read', 'DAG runs'], about: 'Every DAG run, filtered by DAG, state, run type and dates, with backfills and their progress.' },
  { path: '/audit-log', title: 'Audit log', nav: 'Browse', needs: ['read', 'audit logs'], about: 'Who did what and when: triggers, pauses, clears, edits, logins.' },
  { path: '/import-errors', title: 'Import errors', nav: 'Browse', needs: ['read', 'import errors'], load: () => import('./import-errors/ImportErrorsPage') },
  { path: '/variables', title: 'Variables', nav: 'Admin', needs: ['read', 'variables'], about: 'Variables: list, create, edit, delete, import and export; secret values masked.' },
  { path: '/connections', title: 'Connections', nav: 'Admin', needs: ['read', 'connections'], about: 'Connections: create, edit and test them; passwords are write-only.' },
  { path: '/pools', title: 'Pools', nav: 'Admin', needs: ['read', 'pools'], about: 'Pools with their slots and usage bars (running, queued, deferred, open).' },
  { path: '/users', title: 'Users', nav: 'Admin', needs: ['read', 'users'], about: 'Users and their roles: add, edit, disable, reset passwords.' },
  { path: '/config', title: 'Config', nav: 'Admin', needs: ['read', 'config'], about: 'The configuration in force, secrets masked, with where each value came from.' },
  { path: '/cluster', title: 'Cluster', nav: 'main', needs: ['read', 'jobs'], about: 'Scheduler, DAG processor and worker heartbeats, executor slots and queue depths.' },
];
