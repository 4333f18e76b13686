/** A new password for a user: typed twice or generated (shown once, to pass on). */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../api/useAction';
import { Dialog } from '../../components/Dialog';
import { FormFooter } from '../admin/FormFooter';
import { NO_PASSWORD, PasswordFields, type PasswordValue } from './PasswordFields';
import { passwordProblem } from './password';

export function ResetPasswordDialog({ username, onClose }: { readonly username: string; readonly onClose: () => void }) {
  const [value, setValue] = useState<PasswordValue>(NO_PASSWORD);
  const [done, setDone] = useState(false);
  const save = useAction();
  const error = passwordProblem(value.password, value.confirm);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (error || save.pending) return;
    const saved = await save.run(() => api.users.update(username, { password: value.password }, ['password']), `New password set for ${username}`);
    if (saved) {
      if (value.generated) setDone(true);
      else onClose();
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={
        <>
          Reset the password of <span className="inline-code">{username}</span>
        </>
      }
      testId="reset-password-dialog"
      footer={
        done ? (
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <FormFooter form="reset-form" onClose={onClose} submitLabel="Set password" disabled={error !== null} pending={save.pending} />
        )
      }
    >
      <form id="reset-form" onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
        {done ? <p className="callout">Saved. Copy the password below before closing: it is never shown again.</p> : <p className="muted">Their current password stops working at once; their open sessions continue until they expire.</p>}
        <fieldset className="plain-fieldset" disabled={done}>
          <PasswordFields value={value} onChange={setValue} error={error} label="New password" />
        </fieldset>
      </form>
    </Dialog>
  );
}
