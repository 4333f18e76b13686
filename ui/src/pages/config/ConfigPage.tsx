/**
 * The configuration in force: every option by section with its value (secrets
 * always ***), where the value came from (default, the config file and line,
 * an environment variable, a command-line flag), its description, default and
 * accepted values. Search, section and "changed only" live in the URL. When the
 * server does not expose its configuration, its reason and how to enable it.
 */
import { UpdraftApiError, type UiConfigOption } from '@updraft/client';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useApi } from '../../api/useApi';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Icon } from '../../components/Icon';
import { LoadingBlock } from '../../components/Loading';
import { useQueryParams } from '../../router/query';
import '../admin/admin.css';
import { CopyButton } from '../admin/CopyButton';
import { SearchBox } from '../admin/SearchBox';
import type { PageProps } from '../page';

const SOURCE_LABEL: Readonly<Record<UiConfigOption['source'], string>> = {
  default: 'default',
  file: 'config file',
  env: 'environment',
  override: 'command line',
};

function Source({ option }: { readonly option: UiConfigOption }) {
  return (
    <span className="source" data-testid="config-source">
      <span className={`pill${option.source === 'default' ? '' : ' pill-brand'}`}>{SOURCE_LABEL[option.source]}</span>
      {option.origin && <span className="source-origin">{option.origin}</span>}
    </span>
  );
}

function Value({ option }: { readonly option: UiConfigOption }) {
  if (option.is_secret && option.value === '***') {
    return (
      <span className="secret-value" title="A secret: always masked" data-testid="config-secret">
        <Icon name="lock" size={14} /> <span className="config-value">***</span>
      </span>
    );
  }
  return option.value === '' ? <span className="faint">(not set)</span> : <span className="config-value">{option.value}</span>;
}

function NotExposed({ error }: { readonly error: unknown }) {
  const { detail } = describeError(error);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Config</h1>
        </div>
      </header>
      <EmptyState title="The configuration is not exposed" icon="lock">
        <p data-testid="config-hidden-reason">{detail}</p>
        <div className="callout form-callout">
          <p>
            <strong>To show it here</strong>, set this on the API server and restart it (secrets stay masked either way):
          </p>
          <p className="uri-box">
            <code className="inline-code">UPDRAFT__API__EXPOSE_CONFIG=true</code>
            <CopyButton text="UPDRAFT__API__EXPOSE_CONFIG=true" label="Copy the variable" className="btn btn-sm" />
          </p>
          <p className="muted">
            or <code>expose_config = true</code> under <code>[api]</code> in the config file. <code>updraft config list</code> shows the same on the server's machine.
          </p>
        </div>
      </EmptyState>
    </div>
  );
}

export default function ConfigPage(_props: PageProps) {
  const query = useQueryParams();
  const search = (query.get('search') ?? '').trim().toLowerCase();
  const section = query.get('section') ?? '';
  const changedOnly = query.get('changed') === '1';
  const { data, error, loading, reload } = useApi((signal) => api.ui.config(signal), []);

  const sections = useMemo(() => {
    if (!data) return [];
    return data.sections
      .filter((s) => !section || s.name === section)
      .map((s) => ({
        name: s.name,
        options: s.options.filter(
          (o) =>
            (!changedOnly || o.source !== 'default') &&
            (!search || [`${s.name}.${o.key}`, o.value, o.description, o.env_var, o.origin ?? ''].some((t) => t.toLowerCase().includes(search))),
        ),
      }))
      .filter((s) => s.options.length > 0);
  }, [data, section, changedOnly, search]);

  if (error instanceof UpdraftApiError && error.status === 403 && !data) return <NotExposed error={error} />;
  const total = data?.sections.reduce((n, s) => n + s.options.length, 0) ?? 0;
  const changed = data?.sections.reduce((n, s) => n + s.options.filter((o) => o.source !== 'default').length, 0) ?? 0;
  const shown = sections.reduce((n, s) => n + s.options.length, 0);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>
            Config {data && <span className="count">{total}</span>}
          </h1>
          <p className="page-subtitle">
            The settings the API server runs with{data?.config_file ? (
              <>
                {' '}
                (config file <span className="inline-code">{data.config_file}</span>)
              </>
            ) : (
              ' (no config file: defaults and environment variables)'
            )}
            . Secrets are always shown as ***. Change a setting in the config file or with its UPDRAFT__SECTION__KEY variable, then restart.
          </p>
        </div>
      </header>
      <div className="toolbar" role="search">
        <SearchBox query={query} placeholder="Search options, values, variables" label="Search the configuration" testId="config-search" />
        <select aria-label="Section" value={section} onChange={(e) => query.set({ section: e.target.value }, { push: true })}>
          <option value="">All sections</option>
          {data?.sections.map((s) => (
            <option key={s.name} value={s.name}>
              [{s.name}]
            </option>
          ))}
        </select>
        <div className="segmented" role="group" aria-label="Which options">
          <button type="button" aria-pressed={!changedOnly} onClick={() => query.set({ changed: null }, { push: true })}>
            All <span className="seg-count num">{total}</span>
          </button>
          <button type="button" aria-pressed={changedOnly} onClick={() => query.set({ changed: '1' }, { push: true })} title="Options not at their default">
            Changed <span className="seg-count num">{changed}</span>
          </button>
        </div>
        <span className="toolbar-spacer" />
        {data && (search || section || changedOnly) && <span className="muted">{shown} shown</span>}
      </div>
      {error !== undefined && <ErrorBanner error={error} what="the configuration" onRetry={() => void reload()} />}
      {loading && !data && <LoadingBlock />}
      {data && sections.length === 0 && (
        <EmptyState title="No option matches" icon="filter" action={<button type="button" className="btn" onClick={() => query.set({ search: null, section: null, changed: null }, { push: true })}>Clear filters</button>}>
          <p>Nothing in {section ? `[${section}]` : 'any section'} contains “{search}”{changedOnly ? ' among the options changed from their default' : ''}.</p>
        </EmptyState>
      )}
      {sections.map((s) => (
        <section key={s.name} className="config-section" id={`section-${s.name}`} data-testid={`config-section-${s.name}`}>
          <h2>[{s.name}]</h2>
          <div className="table-wrap">
            <table className="table" aria-label={`[${s.name}] options`}>
              <thead>
                <tr>
                  <th scope="col" style={{ width: '34%' }}>
                    Option
                  </th>
                  <th scope="col">Value</th>
                  <th scope="col" style={{ width: '24%' }}>
                    Source
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.options.map((o) => (
                  <tr key={o.key} data-key={`${s.name}.${o.key}`}>
                    <td>
                      <div className="config-key">{o.key}</div>
                      <div className="config-desc">{o.description}</div>
                      <div className="config-meta">
                        <span className="mono">{o.env_var}</span> · {o.accepts}
                      </div>
                    </td>
                    <td>
                      <Value option={o} />
                      {o.source !== 'default' && o.default !== null && o.default !== o.value && (
                        <div className="config-meta">
                          default: <span className="mono">{o.default === '' ? '(not set)' : o.default}</span>
                        </div>
                      )}
                    </td>
                    <td>
                      <Source option={o} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
