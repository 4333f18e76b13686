/**
 * Variables: key, value (secret ones masked by the API, shown as such),
 * description; search by key in the URL; create, edit, delete; import and
 * export Airflow's variables file through the bulk endpoint. What the role may
 * not do is disabled with the reason.
 */
import type { Variable } from '@updraft/client';
import { useMemo, useRef, useState } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useApi } from '../../api/useApi';
import { DataTable, formatSort, parseSort, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { pagingInUrl, sortInUrl } from '../../components/url-table';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toast';
import { useQueryParams } from '../../router/query';
import { usePermissions } from '../../session/SessionProvider';
import '../admin/admin.css';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import { closeDialog, dialogOf, openEdit, openNew } from '../admin/dialog-param';
import { ReadOnlyNotice } from '../admin/ReadOnlyNotice';
import { DeleteRowButton, EditRowButton } from '../admin/RowButton';
import { SearchBox } from '../admin/SearchBox';
import { useDeleteConfirm } from '../admin/useDeleteConfirm';
import type { PageProps } from '../page';
import { ImportDialog } from './ImportDialog';
import { VariableDialog } from './VariableDialog';
import { asJsonDocument, isMasked, MASKED, parseVariablesFile, variablesFileText, type ParsedFile } from './variables-file';

const PAGE_SIZE = 50;
/** The API's largest page (api.maximum_page_limit's default). */
const EXPORT_PAGE = 100;

async function allVariables(): Promise<Variable[]> {
  const all: Variable[] = [];
  for (;;) {
    const page = await api.variables.list({ limit: EXPORT_PAGE, offset: all.length, order_by: 'key' });
    all.push(...page.variables);
    if (page.variables.length === 0 || all.length >= page.total_entries) return all;
  }
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function ValueCell({ value }: { readonly value: string }) {
  if (value === MASKED) {
    return (
      <span className="secret-value" title="Secret: the API never shows the values of keys containing password, secret, token, api_key… Edit it to replace the value." data-testid="secret-value">
        <Icon name="lock" size={14} />
        <span className="cell-mono">***</span>
      </span>
    );
  }
  const json = asJsonDocument(value) !== null;
  return (
    <span className="value-cell" title={value.length > 300 ? `${value.slice(0, 300)}…` : value}>
      <span className="cell-mono cell-clip">{value === '' ? <span className="faint">(empty)</span> : value}</span>
      {json && <span className="pill">JSON</span>}
      {json && isMasked(value) && (
        <span className="pill" title="Secret keys inside this JSON are masked as ***">
          <Icon name="lock" size={11} /> masked
        </span>
      )}
    </span>
  );
}

export default function VariablesPage(_props: PageProps) {
  const query = useQueryParams();
  const { can, reason } = usePermissions();
  const toast = useToast();
  const search = query.get('search') ?? '';
  const sort = parseSort(query.get('sort')) ?? { id: 'key', desc: false };
  const offset = Number(query.get('offset') ?? 0) || 0;
  const dialog = dialogOf(query);
  const [importing, setImporting] = useState<{ name: string; file: ParsedFile } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const exporting = useAction();

  const apiQuery = { limit: PAGE_SIZE, offset, order_by: formatSort(sort) ?? 'key', ...(search ? { variable_key_pattern: search } : {}) };
  const { data, error, loading, reload } = useApi(() => api.variables.list(apiQuery), [JSON.stringify(apiQuery)], { poll: 5000 });
  const { deleting, ask: askDelete, dialog: deleteDialog } = useDeleteConfirm((v: Variable) => v.key, (key) => api.variables.delete(key), () => void reload());

  const editReason = reason('edit', 'variables');
  const createReason = reason('create', 'variables');
  const deleteReason = reason('delete', 'variables');

  const columns = useMemo<Column<Variable>[]>(
    () => [
      {
        id: 'key',
        header: 'Key',
        sortable: true,
        width: '26%',
        cell: (v) => (
          <button type="button" className="link-button id-cell cell-mono" onClick={() => openEdit(query, v.key)} title={editReason ? `View ${v.key}` : `Edit ${v.key}`}>
            {v.key}
          </button>
        ),
      },
      { id: 'value', header: 'Value', cell: (v) => <ValueCell value={v.value} /> },
      { id: 'description', header: 'Description', sortable: true, width: '28%', cell: (v) => (v.description ? <span className="cell-clip" title={v.description}>{v.description}</span> : <span className="faint">—</span>) },
      {
        id: 'actions',
        header: <span className="visually-hidden">Actions</span>,
        width: '120px',
        align: 'right',
        cell: (v) => (
          <span className="row-actions">
            <EditRowButton name={v.key} onClick={() => openEdit(query, v.key)} disabledReason={editReason} />
            <DeleteRowButton name={v.key} onClick={() => askDelete(v)} disabledReason={deleteReason} />
          </span>
        ),
      },
    ],
    [query, editReason, deleteReason, askDelete],
  );

  const startImport = async (files: FileList | null) => {
    const chosen = files?.[0];
    if (fileInput.current) fileInput.current.value = '';
    if (!chosen) return;
    try {
      setImporting({ name: chosen.name, file: parseVariablesFile(await chosen.text()) });
    } catch (e) {
      toast.error(`Cannot import ${chosen.name}`, (e as Error).message);
    }
  };

  const exportAll = async () => {
    const variables = await exporting.run(allVariables);
    if (!variables) return;
    download('variables.json', variablesFileText(variables));
    const secrets = variables.filter((v) => isMasked(v.value)).length;
    toast.success(
      `Exported ${variables.length} variable${variables.length === 1 ? '' : 's'} to variables.json`,
      secrets > 0 ? `${secrets} secret value${secrets === 1 ? ' is' : 's are'} exported as *** (the API never reveals them); importing the file leaves those variables alone.` : undefined,
    );
  };

  const empty =
    search === '' ? (
      <EmptyState
        title="No variables yet"
        icon="inbox"
        action={
          can('create', 'variables') ? (
            <button type="button" className="btn btn-primary" onClick={() => openNew(query)}>
              Add a variable
            </button>
          ) : undefined
        }
      >
        <p>Variables are key/value settings your tasks read at run time (an environment name, a bucket, limits as JSON).</p>
        <p className="muted">
          Add one here, import a variables file, or run <code>updraft variables set KEY VALUE</code>.
        </p>
      </EmptyState>
    ) : (
      <EmptyState
        title="No variable matches"
        icon="filter"
        action={
          <button type="button" className="btn" onClick={() => query.set({ search: null, offset: null })}>
            Clear the search
          </button>
        }
      >
        <p>No key contains “{search}”. The search ignores case; % and _ are wildcards.</p>
      </EmptyState>
    );

  return (
    <div className="page">
      <PageHeader
        title="Variables"
        count={data?.total_entries}
        countTestId="variable-count"
        subtitle="Key/value settings tasks read at run time. Values of secret keys (password, token, api_key…) are masked as *** by the API and never shown."
      >
        <div className="row-actions">
          <input ref={fileInput} type="file" accept="application/json,.json" className="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={(e) => void startImport(e.target.files)} data-testid="import-file" />
          <button type="button" className="btn" onClick={() => fileInput.current?.click()} disabled={createReason !== undefined} title={createReason ?? 'Import a variables file (JSON of key → value, as airflow variables export writes it)'}>
            Import
          </button>
          <button type="button" className="btn" onClick={() => void exportAll()} disabled={exporting.pending || !data || data.total_entries === 0} title="Download every variable as variables.json (Airflow's format)">
            Export
          </button>
          <button type="button" className="btn btn-primary" onClick={() => openNew(query)} disabled={createReason !== undefined} title={createReason ?? 'Add a variable'}>
            Add variable
          </button>
        </div>
      </PageHeader>
      <ReadOnlyNotice what="variables" reason={editReason} />
      <div className="toolbar" role="search">
        <SearchBox query={query} placeholder="Search keys" label="Search variables by key" testId="variable-search" />
      </div>
      {error !== undefined && <ErrorBanner error={error} what="the variables" onRetry={() => void reload()} />}
      <DataTable
        label="Variables"
        testId="variable-table"
        columns={columns}
        rows={data?.variables}
        rowKey={(v) => v.key}
        loading={loading}
        sort={sort}
        onSortChange={sortInUrl(query)}
        paging={pagingInUrl(query, offset, PAGE_SIZE, data?.total_entries)}
        empty={empty}
      />
      {dialog && (
        <VariableDialog
          editKey={dialog.mode === 'edit' ? dialog.id : null}
          readOnlyReason={dialog.mode === 'edit' ? editReason : createReason}
          onClose={() => closeDialog(query)}
          onSaved={() => {
            closeDialog(query);
            void reload();
          }}
        />
      )}
      {importing && (
        <ImportDialog
          fileName={importing.name}
          file={importing.file}
          onClose={() => setImporting(null)}
          onImported={() => void reload()}
        />
      )}
      <ConfirmDialog title="Delete variable?" {...deleteDialog}>
        <p>
          Delete <span className="inline-code">{deleting?.key}</span>? Tasks that read it will get nothing (or their fallback) from their next try.
        </p>
        <p className="muted">This cannot be undone; export the variables first to keep a copy.</p>
      </ConfirmDialog>
    </div>
  );
}
