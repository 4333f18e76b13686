/**
 * A new password typed twice, or generated: a generated one is shown once,
 * with a copy button, since nobody can read it back later.
 */
import { CopyButton } from '../admin/CopyButton';
import { generatePassword } from './password';

export interface PasswordValue {
  readonly password: string;
  readonly confirm: string;
  /** Set when generated (shown until edited). */
  readonly generated: boolean;
}

export const NO_PASSWORD: PasswordValue = { password: '', confirm: '', generated: false };

export function PasswordFields({ value, onChange, error, label = 'Password' }: { readonly value: PasswordValue; readonly onChange: (v: PasswordValue) => void; readonly error: string | null; readonly label?: string }) {
  const showError = error !== null && value.password !== '' && !value.generated;
  return (
    <div className="admin-form">
      <div className="form-row">
        <label className={`field${showError ? ' field-invalid' : ''}`}>
          {label}
          <input type="password" autoComplete="new-password" value={value.password} onChange={(e) => onChange({ password: e.target.value, confirm: value.generated ? '' : value.confirm, generated: false })} data-testid="new-password" />
        </label>
        <label className={`field${showError ? ' field-invalid' : ''}`}>
          Confirm
          <input type="password" autoComplete="new-password" value={value.confirm} onChange={(e) => onChange({ ...value, confirm: e.target.value, generated: false })} data-testid="confirm-password" />
        </label>
      </div>
      <div className="generated-password">
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => {
            const password = generatePassword();
            onChange({ password, confirm: password, generated: true });
          }}
        >
          Generate
        </button>
        {value.generated ? (
          <>
            <code className="inline-code" data-testid="generated-password">
              {value.password}
            </code>
            <CopyButton text={value.password} label="Copy the password" className="btn btn-sm" />
          </>
        ) : (
          <span className={showError ? 'field-error' : 'field-hint'}>{showError ? error : 'At least 8 characters. The user can sign in with it at once.'}</span>
        )}
      </div>
      {value.generated && <span className="field-hint">Copy it now and give it to the user: it is never shown again.</span>}
    </div>
  );
}
