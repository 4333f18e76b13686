/** A strong random password (crypto.getRandomValues), easy to copy: letters, digits, - and _. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_';

export function generatePassword(length = 20): string {
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** What is wrong with a new password and its confirmation, or null. */
export function passwordProblem(password: string, confirm: string): string | null {
  if (password === '') return 'Type a password, or generate one';
  if (password.length < 8) return 'At least 8 characters';
  if (password.length > 1024) return 'At most 1024 characters';
  if (confirm !== password) return 'The two passwords differ';
  return null;
}
