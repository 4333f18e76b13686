/**
 * Replaces known secret values with `***` in text bound for logs. Longer
 * secrets are replaced first so a secret containing another is fully hidden.
 * Very short values (under 4 characters) are not masked: masking "a" or "1"
 * would shred every line and hide nothing worth hiding (Airflow does the same).
 */
export class SecretMasker {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  add(secret: string | null | undefined): void {
    if (!secret || secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    const sorted = [...this.secrets].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  }

  mask(text: string): string {
    return this.pattern === null ? text : text.replace(this.pattern, '***');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
