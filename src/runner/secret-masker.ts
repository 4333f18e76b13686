import type { JsonValue } from '../core/dag-spec.js';
import { isSensitiveName } from '../secrets/sensitive-names.js';

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

  /** A JSON value with known secrets inside its strings masked, and whatever sits under a sensitive key (password, token...) as `***`. */
  maskJson(value: JsonValue, key = ''): JsonValue {
    if (key !== '' && isSensitiveName(key)) return '***';
    if (typeof value === 'string') return this.mask(value);
    if (Array.isArray(value)) return value.map((item: JsonValue) => this.maskJson(item));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.maskJson(v, k)]));
    return value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
