/**
 * Pools: each with its slots and a live usage bar (running, queued, deferred,
 * scheduled, open, coloured as those states, with a legend and the numbers);
 * search by name in the URL; create, edit slots and description, delete.
 * default_pool cannot be deleted (the server's rule), so its Delete is off.
 */
import type { Pool } from '@updraft/client';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/useApi';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { pagingInUrl } from '../../components/url-table';
import { useQueryParams } from '../../router/query';
import { usePermissions } from '../../session/SessionProvider';
import '../admin/admin.css';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import { closeDialog, dialogOf, openEdit, openNew } from '../admin/dialog-param';
import { ReadOnlyNotice } from '../admin/ReadOnlyNotice';
import { DeleteRowButton, EditRowButton } from '../admin/RowButton';
import { SearchBox } from '../admin/SearchBox';
import { SlotLegend, SlotNumbers, UsageBar } from '../admin/UsageBar';
import { useDeleteConfirm } from '../admin/useDeleteConfirm';
import type { PageProps } from '../page';
import { DEFAULT_POOL, PoolDialog } from './PoolDialog';

const PAGE_SIZE = 100;
/** The server's reason, shown before anyone tries. */
const DEFAULT_POOL_UNDELETABLE = 'default_pool cannot be deleted: tasks without a pool use it. Change its slots instead';

export default function PoolsPage(_props: PageProps) {
  const query = useQueryParams();
  const { reason } = usePermissions();
  const search = query.get('search') ?? '';
  const offset = Number(query.get('offset') ?? 0) || 0;
  const dialog = dialogOf(query);

  const apiQuery = { limit: PAGE_SIZE, offset, order_by: 'name', ...(search ? { pool_name_pattern: search } : {}) };
  const { data, error, loading, reload } = useApi(() => api.pools.list(apiQuery), [JSON.stringify(apiQuery)], { poll: true });
  const { deleting, ask: askDelete, dialog: deleteDialog } = useDeleteConfirm((p: Pool) => p.name, (name) => api.pools.delete(name), () => void reload());

  const editReason = reason('edit', 'pools');
  const createReason = reason('create', 'pools');
  const deleteReason = reason('delete', 'pools');

  const columns = useMemo<Column<Pool>[]>(
    () => [
      {
        id: 'name',
        header: 'Pool',
        width: '24%',
        cell: (p) => (
          <div>
            <button type="button" className="link-button id-cell" onClick={() => openEdit(query, p.name)}>
              {p.name}
            </button>
            {p.description && (
              <div className="cell-sub cell-clip" title={p.description}>
                {p.description}
              </div>
            )}
          </div>
        ),
      },
      {
        id: 'slots',
        header: 'Slots',
        align: 'right',
        width: '80px',
        sortValue: (p) => (p.slots === -1 ? Number.POSITIVE_INFINITY : p.slots),
        cell: (p) => (p.slots === -1 ? <span title="Unlimited">∞</span> : <span className="num">{p.slots}</span>),
      },
      {
        id: 'usage',
        header: 'Usage',
        cell: (p) => (
          <div data-testid="pool-usage">
            <UsageBar counts={{ running: p.running_slots, queued: p.queued_slots, deferred: p.deferred_slots, scheduled: p.scheduled_slots, open: p.open_slots }} label={`${p.name} slots`} testId={`usage-${p.name}`} />
            <SlotNumbers counts={{ running: p.running_slots, queued: p.queued_slots, deferred: p.deferred_slots, scheduled: p.scheduled_slots, open: p.open_slots }} />
          </div>
        ),
      },
      {
        id: 'occupied',
        header: 'Occupied',
        align: 'right',
        width: '110px',
        sortValue: (p) => p.occupied_slots,
        cell: (p) => (
          <span className="num" title={p.include_deferred ? 'Running, queued and deferred instances hold slots here' : 'Running and queued instances hold slots here'}>
            {p.occupied_slots}
            {p.slots !== -1 && <span className="faint"> / {p.slots}</span>}
            {p.include_deferred && (
              <div>
                <span className="pill">counts deferred</span>
              </div>
            )}
          </span>
        ),
      },
      {
        id: 'actions',
        header: <span className="visually-hidden">Actions</span>,
        align: 'right',
        width: '130px',
        cell: (p) => {
          const noDelete = deleteReason ?? (p.name === DEFAULT_POOL ? DEFAULT_POOL_UNDELETABLE : undefined);
          return (
            <span className="row-actions">
              <EditRowButton name={p.name} onClick={() => openEdit(query, p.name)} disabledReason={editReason} />
              <DeleteRowButton name={p.name} onClick={() => askDelete(p)} disabledReason={noDelete} />
            </span>
          );
        },
      },
    ],
    [query, editReason, deleteReason, askDelete],
  );

  const empty = (
    <EmptyState
      title={search ? 'No pool matches' : 'No pools'}
      icon="filter"
      action={
        search ? (
          <button type="button" className="btn" onClick={() => query.set({ search: null, offset: null })}>
            Clear the search
          </button>
        ) : undefined
      }
    >
      <p>{search ? `No pool name contains “${search}”.` : 'default_pool should always be here: the database may not be migrated (updraft db migrate).'}</p>
    </EmptyState>
  );

  return (
    <div className="page">
      <PageHeader
        title="Pools"
        count={data?.total_entries}
        countTestId="pool-count"
        subtitle="Limit how many task instances use a resource at once: each running or queued instance holds its pool slots; scheduled ones wait for a free slot."
      >
        <button type="button" className="btn btn-primary" onClick={() => openNew(query)} disabled={createReason !== undefined} title={createReason ?? 'Add a pool'}>
          Add pool
        </button>
      </PageHeader>
      <ReadOnlyNotice what="pools" reason={editReason} />
      <div className="toolbar" role="search">
        <SearchBox query={query} placeholder="Search pools" label="Search pools by name" testId="pool-search" />
      </div>
      <SlotLegend />
      {error !== undefined && <ErrorBanner error={error} what="the pools" onRetry={() => void reload()} />}
      <DataTable
        label="Pools"
        testId="pool-table"
        columns={columns}
        rows={data?.pools}
        rowKey={(p) => p.name}
        loading={loading}
        paging={data && data.total_entries > PAGE_SIZE ? pagingInUrl(query, offset, PAGE_SIZE, data.total_entries) : undefined}
        empty={empty}
      />
      {dialog && (
        <PoolDialog
          key={dialog.mode === 'edit' ? dialog.id : '(new)'}
          editName={dialog.mode === 'edit' ? dialog.id : null}
          readOnlyReason={dialog.mode === 'edit' ? editReason : createReason}
          onClose={() => closeDialog(query)}
          onSaved={() => {
            closeDialog(query);
            void reload();
          }}
        />
      )}
      <ConfirmDialog title="Delete pool?" {...deleteDialog}>
        <p>
          Delete <span className="inline-code">{deleting?.name}</span>? Tasks that name it can no longer be scheduled until it exists again.
        </p>
        {deleting && deleting.occupied_slots > 0 && <p className="callout callout-warning">{deleting.occupied_slots} of its slots are in use now; those instances finish as they are.</p>}
      </ConfirmDialog>
    </div>
  );
}
