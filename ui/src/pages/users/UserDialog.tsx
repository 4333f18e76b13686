/**
 * Create a user (username, email, names, role, password typed twice or
 * generated) or edit one (email, names, role, active). Admins cannot demote
 * or disable themselves (the server's rule, said beside the fields).
 */
import type { User } from '@updraft/client';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../api/useAction';
import { Dialog } from '../../components/Dialog';
import { Switch } from '../../components/Switch';
import { FormFooter } from '../admin/FormFooter';
import { NO_PASSWORD, PasswordFields, type PasswordValue } from './PasswordFields';
import { passwordProblem } from './password';
import { ROLE_ORDER, ROLE_SUMMARY } from './roles';

const USERNAME = /^[A-Za-z0-9_][A-Za-z0-9_.@+-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

interface Draft {
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  active: boolean;
}

function draftOf(u: User | undefined): Draft {
  if (!u) return { username: '', email: '', first_name: '', last_name: '', role: 'Viewer', active: true };
  // Several roles: the most powerful stands for them (choosing one replaces them all).
  const role = [...ROLE_ORDER].reverse().find((r) => u.roles.some((x) => x.name === r)) ?? '';
  return { username: u.username, email: u.email ?? '', first_name: u.first_name ?? '', last_name: u.last_name ?? '', role, active: u.active };
}

export interface UserDialogProps {
  /** undefined: a new user. */
  readonly user: User | undefined;
  readonly me: string | undefined;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}

export function UserDialog({ user, me, onClose, onSaved }: UserDialogProps) {
  const editing = user !== undefined;
  const self = editing && user.username === me;
  const [draft, setDraft] = useState<Draft>(() => draftOf(user));
  const [password, setPassword] = useState<PasswordValue>(NO_PASSWORD);
  // No reset from `user` after mount: the list polls, and a poll must not wipe what is being typed.
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useAction();

  const usernameError = editing ? null : draft.username === '' ? 'Choose a username' : !USERNAME.test(draft.username) ? 'Letters, digits and _ . @ + -, starting with a letter, digit or _' : null;
  const emailError = draft.email.trim() === '' ? 'An email is required (each user needs their own)' : !EMAIL.test(draft.email.trim()) ? 'Not an email address' : null;
  const pwError = editing ? null : passwordProblem(password.password, password.confirm);
  const invalid = Boolean(usernameError || emailError || pwError);
  const before = draftOf(user);
  const mask = editing
    ? [
        ...(draft.email.trim() !== before.email ? ['email'] : []),
        ...(draft.first_name !== before.first_name ? ['first_name'] : []),
        ...(draft.last_name !== before.last_name ? ['last_name'] : []),
        ...(draft.role !== before.role ? ['roles'] : []),
        ...(draft.active !== before.active ? ['active'] : []),
      ]
    : [];
  const dirty = !editing || mask.length > 0;
  const demotingSelf = self && before.role === 'Admin' && draft.role !== 'Admin';

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (invalid || !dirty || save.pending) return;
    const roles = draft.role ? [{ name: draft.role }] : [];
    const saved = editing
      ? await save.run(
          () => api.users.update(user.username, { email: draft.email.trim(), first_name: draft.first_name, last_name: draft.last_name, roles, active: draft.active }, mask),
          `Saved ${user.username}`,
        )
      : await save.run(
          () => api.users.create({ username: draft.username, email: draft.email.trim(), first_name: draft.first_name || null, last_name: draft.last_name || null, roles, password: password.password }),
          `Created ${draft.username}`,
        );
    if (saved) onSaved();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={
        editing ? (
          <>
            Edit user <span className="inline-code">{user.username}</span>
          </>
        ) : (
          'New user'
        )
      }
      width="lg"
      testId="user-dialog"
      footer={<FormFooter form="user-form" onClose={onClose} submitLabel={editing ? 'Save' : 'Create user'} disabled={invalid || !dirty || demotingSelf} pending={save.pending} />}
    >
      <form id="user-form" className="admin-form" onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
        <div className="form-row">
          <label className={`field${usernameError && draft.username !== '' ? ' field-invalid' : ''}`}>
            Username
            <input type="text" value={draft.username} onChange={(e) => set({ username: e.target.value })} readOnly={editing} autoFocus={!editing} spellCheck={false} autoComplete="off" />
            {!editing && usernameError && draft.username !== '' ? <span className="field-error">{usernameError}</span> : editing ? <span className="field-hint">Usernames cannot change.</span> : null}
          </label>
          <label className={`field${emailError && (editing || draft.email !== '') ? ' field-invalid' : ''}`}>
            Email
            <input type="text" inputMode="email" value={draft.email} onChange={(e) => set({ email: e.target.value })} autoFocus={editing} spellCheck={false} />
            {emailError && (editing || draft.email !== '') && <span className="field-error">{emailError}</span>}
          </label>
        </div>
        <div className="form-row">
          <label className="field">
            First name
            <input type="text" value={draft.first_name} onChange={(e) => set({ first_name: e.target.value })} />
          </label>
          <label className="field">
            Last name
            <input type="text" value={draft.last_name} onChange={(e) => set({ last_name: e.target.value })} />
          </label>
        </div>
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select id="user-role" value={draft.role} onChange={(e) => set({ role: e.target.value })} disabled={self && before.role === 'Admin'} title={self && before.role === 'Admin' ? 'You cannot remove the Admin role from yourself: another Admin must do it, so one Admin always remains' : undefined}>
            {ROLE_ORDER.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
            <option value="">No role (can sign in, may do nothing)</option>
          </select>
          <span className="field-hint">{draft.role ? ROLE_SUMMARY[draft.role] : 'Without a role the user sees a page saying so.'}</span>
          {editing && user.roles.length > 1 && <span className="field-hint">Has the roles {user.roles.map((r) => r.name).join(', ')}; saving sets this one only.</span>}
          {self && before.role === 'Admin' && <span className="field-hint">You cannot remove the Admin role from yourself: another Admin must do it, so one Admin always remains.</span>}
        </div>
        {editing && (
          <div className="field">
            <span className="check-row">
              <Switch checked={draft.active} onChange={(v) => set({ active: v })} label="Active" disabledReason={self ? 'You cannot disable yourself: another Admin must do it' : undefined} />
              Active
            </span>
            <span className="field-hint">Inactive users cannot sign in, and their tokens stop working at once.</span>
          </div>
        )}
        {!editing && (
          <fieldset className="plain-fieldset">
            <PasswordFields value={password} onChange={setPassword} error={pwError} />
          </fieldset>
        )}
      </form>
    </Dialog>
  );
}
