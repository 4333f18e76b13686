/**
 * Connections: id, type, host, port, schema, login, description, and the URI
 * to copy (never the password); search and type filter in the URL; create,
 * edit, test and delete. Testing follows the server's core.test_connection:
 * Enabled (on), Disabled (off, with the reason), Hidden (no button).
 */
import type { UiConnection } from '@updraft/client';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/useApi';
import { DataTable, formatSort, parseSort, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { pagingInUrl, sortInUrl } from '../../components/url-table';
import { Spinner } from '../../components/Loading';
import { useToast } from '../../components/Toast';
import { useQueryParams } from '../../router/query';
import { usePermissions } from '../../session/SessionProvider';
import '../admin/admin.css';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import { CopyButton } from '../admin/CopyButton';
import { closeDialog, dialogOf, openEdit, openNew } from '../admin/dialog-param';
import { ReadOnlyNotice } from '../admin/ReadOnlyNotice';
import { DeleteRowButton, EditRowButton } from '../admin/RowButton';
import { SearchBox } from '../admin/SearchBox';
import { useDeleteConfirm } from '../admin/useDeleteConfirm';
import type { PageProps } from '../page';
import { CONN_TYPES, connTypeInfo } from './conn-types';
import { ConnectionDialog } from './ConnectionDialog';
import { runConnectionTest, testDisabledReason } from './connection-test';

const PAGE_SIZE = 50;

export default function ConnectionsPage(_props: PageProps) {
  const query = useQueryParams();
  const { reason } = usePermissions();
  const toast = useToast();
  const search = query.get('search') ?? '';
  const type = query.get('type') ?? '';
  const sort = parseSort(query.get('sort')) ?? { id: 'connection_id', desc: false };
  const offset = Number(query.get('offset') ?? 0) || 0;
  const dialog = dialogOf(query);
  const [testingId, setTestingId] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | undefined>(undefined);

  const apiQuery = { limit: PAGE_SIZE, offset, order_by: formatSort(sort) ?? 'connection_id', ...(search ? { connection_id_pattern: search } : {}), ...(type ? { conn_type: type } : {}) };
  const { data, error, loading, reload } = useApi((signal) => api.ui.connections(apiQuery, signal), [JSON.stringify(apiQuery)], { poll: 5000 });
  const { deleting, ask: askDelete, dialog: deleteDialog } = useDeleteConfirm((c: UiConnection) => c.connection_id, (id) => api.connections.delete(id), () => void reload());

  const editReason = reason('edit', 'connections');
  const createReason = reason('create', 'connections');
  const deleteReason = reason('delete', 'connections');
  const testSetting = data?.test_connection;
  // Testing needs the right to create connections (as Airflow's API), and the server's consent.
  const testOff = refused ?? testDisabledReason(testSetting, createReason);

  const testRow = async (c: UiConnection) => {
    setTestingId(c.connection_id);
    // No password: the server uses the saved one.
    const outcome = await runConnectionTest({ connection_id: c.connection_id, conn_type: c.conn_type, host: c.host, schema: c.schema, login: c.login, port: c.port, extra: c.extra });
    setTestingId(null);
    if (outcome.kind === 'result') {
      if (outcome.ok) toast.success(`${c.connection_id}: connected`, outcome.message);
      else toast.error(`${c.connection_id}: the test failed`, outcome.message);
    } else if (outcome.kind === 'refused') {
      setRefused(outcome.reason);
      toast.error('The server will not test connections', outcome.reason);
    } else toast.error(outcome.title, outcome.detail);
  };

  const columns = useMemo<Column<UiConnection>[]>(
    () => [
      {
        id: 'connection_id',
        header: 'Connection id',
        sortable: true,
        cell: (c) => (
          <div>
            <button type="button" className="link-button id-cell cell-mono" onClick={() => openEdit(query, c.connection_id)}>
              {c.connection_id}
            </button>
            {c.description && (
              <div className="cell-sub cell-clip" title={c.description}>
                {c.description}
              </div>
            )}
          </div>
        ),
      },
      {
        id: 'conn_type',
        header: 'Type',
        sortable: true,
        width: '120px',
        cell: (c) => (
          <button type="button" className="chip" title={`Show ${connTypeInfo(c.conn_type)?.label ?? c.conn_type} connections`} onClick={() => query.set({ type: c.conn_type, offset: null }, { push: true })}>
            {c.conn_type}
          </button>
        ),
      },
      {
        id: 'host',
        header: 'Host',
        sortable: true,
        cell: (c) =>
          c.host ? (
            <span className="cell-mono cell-clip" title={c.host}>
              {c.host}
              {c.port !== null && <span className="faint">:{c.port}</span>}
            </span>
          ) : (
            <span className="faint">—</span>
          ),
      },
      { id: 'schema', header: 'Schema', width: '120px', cell: (c) => (c.schema ? <span className="cell-mono cell-clip">{c.schema}</span> : <span className="faint">—</span>) },
      {
        id: 'login',
        header: 'Login',
        width: '140px',
        cell: (c) => (
          <span className="cell-clip">
            {c.login ?? <span className="faint">—</span>}
            {c.has_password && (
              <span className="pill" title="A password is saved (never shown)">
                password set
              </span>
            )}
          </span>
        ),
      },
      {
        id: 'actions',
        header: <span className="visually-hidden">Actions</span>,
        align: 'right',
        width: '210px',
        cell: (c) => (
          <span className="row-actions">
            {c.uri && <CopyButton text={c.uri} label={`Copy the URI of ${c.connection_id} (without the password)`} />}
            {testSetting !== 'Hidden' && (
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => void testRow(c)} disabled={testOff !== undefined || testingId !== null} title={testOff ?? `Test ${c.connection_id} with its saved settings`} aria-label={`Test ${c.connection_id}`}>
                {testingId === c.connection_id && <Spinner label="Testing" />}
                Test
              </button>
            )}
            <EditRowButton name={c.connection_id} onClick={() => openEdit(query, c.connection_id)} disabledReason={editReason} />
            <DeleteRowButton name={c.connection_id} onClick={() => askDelete(c)} disabledReason={deleteReason} />
          </span>
        ),
      },
    ],
    // testRow reads only what is listed here.
    [query, editReason, deleteReason, askDelete, testOff, testSetting, testingId],
  );

  const filtered = search !== '' || type !== '';
  const empty = !filtered ? (
    <EmptyState
      title="No connections yet"
      icon="inbox"
      action={
        createReason === undefined ? (
          <button type="button" className="btn btn-primary" onClick={() => openNew(query)}>
            Add a connection
          </button>
        ) : undefined
      }
    >
      <p>A connection holds how to reach a database or service (host, login, password, extra settings); tasks get it by id.</p>
      <p className="muted">
        Add one here, or with <code>updraft connections add ID --conn-uri postgres://user:pass@host:5432/db</code>.
      </p>
    </EmptyState>
  ) : (
    <EmptyState
      title="No connection matches"
      icon="filter"
      action={
        <button type="button" className="btn" onClick={() => query.set({ search: null, type: null, offset: null }, { push: true })}>
          Clear filters
        </button>
      }
    >
      <p>{search ? `No id contains “${search}”${type ? ` among ${type} connections` : ''}.` : `No ${type} connection.`}</p>
    </EmptyState>
  );

  return (
    <div className="page">
      <PageHeader title="Connections" count={data?.total_entries} countTestId="connection-count" subtitle="How tasks reach databases and services. Passwords are write-only: saved, never shown.">
        <button type="button" className="btn btn-primary" onClick={() => openNew(query)} disabled={createReason !== undefined} title={createReason ?? 'Add a connection'}>
          Add connection
        </button>
      </PageHeader>
      <ReadOnlyNotice what="connections" reason={editReason} />
      {testSetting === 'Disabled' && createReason === undefined && (
        <div className="callout banner" role="note" data-testid="test-disabled-note">
          <div className="banner-body">
            <strong>Testing connections is off on this server</strong>
            <div>
              core.test_connection is Disabled (Airflow's default: a test makes the server connect wherever a connection points). Set <code>UPDRAFT__CORE__TEST_CONNECTION=Enabled</code> on the API server to allow it.
            </div>
          </div>
        </div>
      )}
      <div className="toolbar" role="search">
        <SearchBox query={query} placeholder="Search connection ids" label="Search connections by id" testId="connection-search" />
        <select aria-label="Filter by connection type" value={type} onChange={(e) => query.set({ type: e.target.value, offset: null }, { push: true })} data-testid="type-filter">
          <option value="">All types</option>
          {CONN_TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.type}
            </option>
          ))}
          {type && !connTypeInfo(type) && <option value={type}>{type}</option>}
        </select>
      </div>
      {error !== undefined && <ErrorBanner error={error} what="the connections" onRetry={() => void reload()} />}
      <DataTable
        label="Connections"
        testId="connection-table"
        columns={columns}
        rows={data?.connections}
        rowKey={(c) => c.connection_id}
        loading={loading}
        sort={sort}
        onSortChange={sortInUrl(query)}
        paging={pagingInUrl(query, offset, PAGE_SIZE, data?.total_entries)}
        empty={empty}
      />
      {dialog && (
        <ConnectionDialog
          key={dialog.mode === 'edit' ? dialog.id : '(new)'}
          editId={dialog.mode === 'edit' ? dialog.id : null}
          testSetting={testSetting}
          testOffReason={testOff}
          readOnlyReason={dialog.mode === 'edit' ? editReason : createReason}
          onClose={() => closeDialog(query)}
          onSaved={() => {
            closeDialog(query);
            void reload();
          }}
        />
      )}
      <ConfirmDialog title="Delete connection?" {...deleteDialog}>
        <p>
          Delete <span className="inline-code">{deleting?.connection_id}</span>? Tasks that use it fail from their next try with “connection is not defined”.
        </p>
        <p className="muted">Its password cannot be recovered.</p>
      </ConfirmDialog>
    </div>
  );
}
