/**
 * Create or edit a pool: slots (or unlimited), description, and whether
 * deferred task instances hold slots. default_pool keeps its description (the
 * server allows only its slots and include_deferred to change).
 */
import type { Pool } from '@updraft/client';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../api/useAction';
import { useApi } from '../../api/useApi';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingBlock } from '../../components/Loading';
import { Switch } from '../../components/Switch';
import { FormFooter } from '../admin/FormFooter';

export const DEFAULT_POOL = 'default_pool';

interface Draft {
  name: string;
  slots: string;
  unlimited: boolean;
  description: string;
  include_deferred: boolean;
}

function draftOf(p: Pool | undefined): Draft {
  if (!p) return { name: '', slots: '8', unlimited: false, description: '', include_deferred: false };
  return { name: p.name, slots: p.slots === -1 ? '' : String(p.slots), unlimited: p.slots === -1, description: p.description ?? '', include_deferred: p.include_deferred };
}

export interface PoolDialogProps {
  readonly editName: string | null;
  readonly readOnlyReason: string | undefined;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}

export function PoolDialog({ editName, readOnlyReason, onClose, onSaved }: PoolDialogProps) {
  const editing = editName !== null;
  const readOnly = readOnlyReason !== undefined;
  const loaded = useApi(() => (editName === null ? Promise.resolve(undefined) : api.pools.get(editName)), [editName], { enabled: editing });
  const original = loaded.data;
  const [draft, setDraft] = useState<Draft>(() => draftOf(undefined));
  useEffect(() => setDraft(draftOf(original)), [original]);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useAction();
  const isDefault = editName === DEFAULT_POOL;

  const nameError = editing ? null : draft.name.trim() === '' ? 'Give the pool a name' : draft.name.length > 256 ? 'At most 256 characters' : null;
  const slotsError = draft.unlimited ? null : !/^\d+$/.test(draft.slots.trim()) ? 'A whole number of slots (0 pauses the pool), or tick Unlimited' : null;
  const invalid = Boolean(nameError || slotsError);
  const slots = draft.unlimited ? -1 : Number(draft.slots);
  const before = draftOf(original);
  const changed = {
    slots: (before.unlimited ? -1 : Number(before.slots)) !== slots,
    description: draft.description !== before.description,
    include_deferred: draft.include_deferred !== before.include_deferred,
  };
  const mask = (Object.keys(changed) as (keyof typeof changed)[]).filter((k) => changed[k]);
  const dirty = !editing || mask.length > 0;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (invalid || !dirty || save.pending || readOnly) return;
    const description = draft.description.trim() === '' ? null : draft.description.trim();
    const saved = editing
      ? await save.run(() => api.pools.update(editName, { slots, description, include_deferred: draft.include_deferred }, mask), `Saved ${editName}`)
      : await save.run(() => api.pools.create({ name: draft.name.trim(), slots, description, include_deferred: draft.include_deferred }), `Created ${draft.name.trim()}`);
    if (saved) onSaved();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={
        editing ? (
          <>
            Edit pool <span className="inline-code">{editName}</span>
          </>
        ) : (
          'New pool'
        )
      }
      testId="pool-dialog"
      footer={
        <FormFooter form="pool-form" onClose={onClose} submitLabel={editing ? 'Save' : 'Create'} disabled={invalid || !dirty || (editing && !original)} pending={save.pending} readOnlyReason={readOnlyReason} />
      }
    >
      {editing && loaded.error !== undefined && <ErrorBanner error={loaded.error} what={`the pool ${editName}`} onRetry={() => void loaded.reload()} />}
      {editing && !original ? (
        loaded.error === undefined ? <LoadingBlock /> : null
      ) : (
        <form id="pool-form" className="admin-form" onSubmit={(e) => void submit(e)} noValidate>
          <fieldset disabled={readOnly} className="plain-fieldset">
            <label className={`field${nameError && draft.name !== '' ? ' field-invalid' : ''}`}>
              Name
              <input type="text" value={editing ? editName : draft.name} onChange={(e) => set({ name: e.target.value })} readOnly={editing} autoFocus={!editing} spellCheck={false} placeholder="warehouse" />
              {!editing && <span className="field-hint">Tasks join it with pool: '{draft.name.trim() || 'name'}'; each running or queued instance holds its pool_slots (1 by default).</span>}
            </label>
            <div className={`field${slotsError ? ' field-invalid' : ''}`}>
              <label htmlFor="pool-slots">Slots</label>
              <input id="pool-slots" type="number" min={0} value={draft.unlimited ? '' : draft.slots} disabled={draft.unlimited} placeholder={draft.unlimited ? 'unlimited' : ''} onChange={(e) => set({ slots: e.target.value })} autoFocus={editing} />
              <label className="check-row field-hint">
                <input type="checkbox" checked={draft.unlimited} onChange={(e) => set({ unlimited: e.target.checked, slots: e.target.checked ? '' : draft.slots || '8' })} />
                Unlimited (-1): never makes a task wait
              </label>
              {slotsError && <span className="field-error">{slotsError}</span>}
            </div>
            <label className="field">
              Description
              <input type="text" value={draft.description} onChange={(e) => set({ description: e.target.value })} disabled={isDefault} placeholder="What the pool protects, e.g. the warehouse's 10 connections" />
              {isDefault && <span className="field-hint">Only the slots and include deferred of default_pool can change.</span>}
            </label>
            <div className="field">
              <span className="check-row">
                <Switch checked={draft.include_deferred} onChange={(v) => set({ include_deferred: v })} label="Deferred task instances hold slots" />
                Deferred task instances hold slots
              </span>
              <span className="field-hint">Off: a deferred instance frees its slot while it waits on its trigger (Airflow's default).</span>
            </div>
          </fieldset>
        </form>
      )}
    </Dialog>
  );
}
