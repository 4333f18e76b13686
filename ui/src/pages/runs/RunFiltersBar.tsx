/** The runs page's filters: DAG, states (toggles), run type, and a logical-date or start-date range; all in the URL. */
import { StateDot } from '../../components/StateBadge';
import { stateLabel } from '../../components/states';
import type { QueryState } from '../../router/query';
import { CLEARED, DATE_FIELDS, hasFilters, RUN_STATES, RUN_TYPES, type DateField, type RunFilters } from './filters';
import { runTypeLabel } from './run-words';
import { DagPicker } from './widgets/DagPicker';
import { DateRange } from './widgets/DateRange';

export function RunFiltersBar({ filters, query }: { readonly filters: RunFilters; readonly query: QueryState }) {
  const toggleState = (state: string) => {
    const next = filters.states.includes(state) ? filters.states.filter((s) => s !== state) : [...filters.states, state];
    query.set({ state: next, offset: null }, { push: true });
  };
  return (
    <div className="toolbar" role="search" aria-label="Filter the runs">
      <DagPicker value={filters.dagId} onChange={(dagId) => query.set({ dag_id: dagId || null, offset: null }, { push: true })} testId="runs-dag-filter" />
      <div className="segmented" role="group" aria-label="State">
        {RUN_STATES.map((s) => (
          <button key={s} type="button" aria-pressed={filters.states.includes(s)} onClick={() => toggleState(s)} data-testid={`runs-state-${s}`}>
            <StateDot state={s} size="sm" title="" />
            {stateLabel(s)}
          </button>
        ))}
      </div>
      <select aria-label="Run type" value={filters.runType} onChange={(e) => query.set({ run_type: e.target.value || null, offset: null }, { push: true })} data-testid="runs-type-filter">
        <option value="">Any run type</option>
        {RUN_TYPES.map((t) => (
          <option key={t} value={t}>
            {runTypeLabel(t)}
          </option>
        ))}
      </select>
      <span className="date-filter">
        <select aria-label="Date to filter by" value={filters.dateField} onChange={(e) => query.set({ date_field: e.target.value === 'logical_date' ? null : e.target.value, offset: null })} data-testid="runs-date-field">
          {Object.entries(DATE_FIELDS).map(([value, label]) => (
            <option key={value} value={value as DateField}>
              {label}
            </option>
          ))}
        </select>
        <DateRange label={DATE_FIELDS[filters.dateField]} from={filters.from} to={filters.to} onChange={({ from, to }) => query.set({ from, to, offset: null })} testId="runs-date-range" />
      </span>
      {hasFilters(filters) && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => query.set(CLEARED, { push: true })} data-testid="runs-clear-filters">
          Clear filters
        </button>
      )}
    </div>
  );
}
