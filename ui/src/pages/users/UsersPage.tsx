/**
 * Users (Admin only): username, name, email, roles, active, last login;
 * search in the URL; create (password typed twice or generated), edit names,
 * email, role and active, reset a password, delete. Below, what each role may
 * do, from the server's own table. Admins cannot disable, demote or delete
 * themselves (the server's rule; the buttons say so).
 */
import type { User } from '@updraft/client';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useApi } from '../../api/useApi';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { Switch } from '../../components/Switch';
import { RelativeTime } from '../../components/Time';
import { useQueryParams } from '../../router/query';
import { usePermissions, useSession } from '../../session/SessionProvider';
import '../admin/admin.css';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import { closeDialog, dialogOf, openEdit, openNew } from '../admin/dialog-param';
import { DeleteRowButton, EditRowButton, RowButton } from '../admin/RowButton';
import { SearchBox } from '../admin/SearchBox';
import { useDeleteConfirm } from '../admin/useDeleteConfirm';
import type { PageProps } from '../page';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { RolesGuide } from './RolesGuide';
import { rankOf } from './roles';
import { UserDialog } from './UserDialog';

const FETCH_PAGE = 100;
const PAGE_SIZE = 50;

async function allUsers(): Promise<User[]> {
  const all: User[] = [];
  for (;;) {
    const page = await api.users.list({ limit: FETCH_PAGE, offset: all.length, order_by: 'username' });
    all.push(...page.users);
    if (page.users.length === 0 || all.length >= page.total_entries) return all;
  }
}

const fullName = (u: User) => [u.first_name, u.last_name].filter(Boolean).join(' ');

export default function UsersPage(_props: PageProps) {
  const query = useQueryParams();
  const { reason } = usePermissions();
  const { me } = useSession();
  const search = (query.get('search') ?? '').toLowerCase();
  const dialog = dialogOf(query);
  const resetFor = query.get('reset');
  const toggle = useAction();

  const { data, error, loading, reload } = useApi(allUsers, [], { poll: 10_000 });
  const { deleting, ask: askDelete, dialog: deleteDialog } = useDeleteConfirm((u: User) => u.username, (name) => api.users.delete(name), () => void reload());
  const roles = useApi(() => api.users.roles(), []);
  const editReason = reason('edit', 'users');
  const createReason = reason('create', 'users');
  const deleteReason = reason('delete', 'users');
  const myName = me?.username;

  const rows = useMemo(
    () => (data ?? []).filter((u) => !search || [u.username, u.email ?? '', fullName(u), ...u.roles.map((r) => r.name)].some((t) => t.toLowerCase().includes(search))),
    [data, search],
  );
  const counts = useMemo(() => {
    const out: Record<string, number> = {};
    for (const u of data ?? []) for (const r of u.roles) out[r.name] = (out[r.name] ?? 0) + 1;
    return out;
  }, [data]);

  const columns = useMemo<Column<User>[]>(
    () => [
      {
        id: 'username',
        header: 'User',
        sortValue: (u) => u.username,
        cell: (u) => (
          <div>
            <button type="button" className="link-button id-cell" onClick={() => openEdit(query, u.username)}>
              {u.username}
            </button>
            {u.username === myName && <span className="pill pill-brand">you</span>}
            {fullName(u) && <div className="cell-sub">{fullName(u)}</div>}
          </div>
        ),
      },
      { id: 'email', header: 'Email', sortValue: (u) => u.email ?? '', cell: (u) => (u.email ? <span className="cell-clip">{u.email}</span> : <span className="faint">—</span>) },
      {
        id: 'roles',
        header: 'Role',
        width: '130px',
        sortValue: (u) => Math.max(-1, ...u.roles.map((r) => rankOf(r.name))),
        cell: (u) =>
          u.roles.length === 0 ? (
            <span className="pill pill-warning" title="Can sign in, may do nothing">
              no role
            </span>
          ) : (
            <span className="dag-meta">
              {u.roles.map((r) => (
                <span key={r.name} className={`pill${r.name === 'Admin' ? ' pill-brand' : ''}`}>
                  {r.name}
                </span>
              ))}
            </span>
          ),
      },
      {
        id: 'active',
        header: 'Active',
        width: '80px',
        sortValue: (u) => (u.active ? 1 : 0),
        cell: (u) => (
          <Switch
            checked={u.active}
            label={u.active ? `Disable ${u.username}` : `Enable ${u.username}`}
            disabled={toggle.pending}
            disabledReason={editReason ?? (u.username === myName ? 'You cannot disable yourself: another Admin must do it, so one Admin always remains' : undefined)}
            onChange={(active) => void toggle.run(() => api.users.update(u.username, { active }, ['active']), `${active ? 'Enabled' : 'Disabled'} ${u.username}`).then(() => reload())}
            testId={`active-${u.username}`}
          />
        ),
      },
      { id: 'last_login', header: 'Last login', width: '130px', sortValue: (u) => u.last_login ?? '', cell: (u) => <RelativeTime value={u.last_login} empty="never" /> },
      { id: 'created_on', header: 'Created', width: '120px', sortValue: (u) => u.created_on ?? '', cell: (u) => <RelativeTime value={u.created_on} /> },
      {
        id: 'actions',
        header: <span className="visually-hidden">Actions</span>,
        align: 'right',
        width: '230px',
        cell: (u) => {
          const noDelete = deleteReason ?? (u.username === myName ? 'You cannot delete yourself: another Admin must do it, so one Admin always remains' : undefined);
          return (
            <span className="row-actions">
              <EditRowButton name={u.username} onClick={() => openEdit(query, u.username)} disabledReason={editReason} />
              <RowButton onClick={() => query.set({ reset: u.username })} disabledReason={editReason} title={`Set a new password for ${u.username}`} ariaLabel={`Reset the password of ${u.username}`}>
                Reset password
              </RowButton>
              <DeleteRowButton name={u.username} onClick={() => askDelete(u)} disabledReason={noDelete} />
            </span>
          );
        },
      },
    ],
    [query, myName, editReason, deleteReason, toggle, reload, askDelete],
  );

  const editing = dialog?.mode === 'edit' ? data?.find((u) => u.username === dialog.id) : undefined;

  return (
    <div className="page">
      <PageHeader title="Users" count={data?.length} countTestId="user-count" subtitle="Who can sign in, and with which role. Passwords are stored hashed: nobody can read them, an Admin can only set a new one.">
        <button type="button" className="btn btn-primary" onClick={() => openNew(query)} disabled={createReason !== undefined} title={createReason ?? 'Add a user'}>
          Add user
        </button>
      </PageHeader>
      <div className="toolbar" role="search">
        <SearchBox query={query} placeholder="Search users" label="Search users by name, email or role" testId="user-search" />
      </div>
      {error !== undefined && <ErrorBanner error={error} what="the users" onRetry={() => void reload()} />}
      <DataTable
        label="Users"
        testId="user-table"
        columns={columns}
        rows={data ? rows : undefined}
        rowKey={(u) => u.username}
        rowClassName={(u) => (u.active ? undefined : 'paused-row')}
        loading={loading}
        pageSize={PAGE_SIZE}
        empty={
          <EmptyState title="No user matches" icon="filter" action={<button type="button" className="btn" onClick={() => query.set({ search: null })}>Clear the search</button>}>
            <p>No username, name, email or role contains “{search}”.</p>
          </EmptyState>
        }
      />
      <div className="spacer-lg" />
      {roles.error !== undefined && <ErrorBanner error={roles.error} what="the roles" onRetry={() => void roles.reload()} />}
      <RolesGuide roles={roles.data} counts={counts} />
      {dialog && (dialog.mode === 'new' || editing) && (
        <UserDialog
          key={dialog.mode === 'edit' ? dialog.id : '(new)'}
          user={editing}
          me={myName}
          onClose={() => closeDialog(query)}
          onSaved={() => {
            closeDialog(query);
            void reload();
          }}
        />
      )}
      {dialog?.mode === 'edit' && data && !editing && (
        <ConfirmDialog open title="No such user" confirmLabel="Close" onConfirm={() => closeDialog(query)} onClose={() => closeDialog(query)}>
          <p>There is no user named <span className="inline-code">{dialog.id}</span>: they may have been deleted.</p>
        </ConfirmDialog>
      )}
      {resetFor && <ResetPasswordDialog username={resetFor} onClose={() => query.set({ reset: null })} />}
      <ConfirmDialog title="Delete user?" {...deleteDialog}>
        <p>
          Delete <span className="inline-code">{deleting?.username}</span>? They can no longer sign in, and their tokens stop working at once.
        </p>
        <p className="muted">What they did stays in the audit log. To keep the account but block sign-in, switch Active off instead.</p>
      </ConfirmDialog>
    </div>
  );
}
