/**
 * Reading SQL text the way each database does, without parsing it: where the
 * string literals, quoted identifiers and comments are, so that splitting a
 * script into statements and finding `:name` parameters never looks inside
 * them. Pure.
 *
 * - every dialect: '...' strings ('' escapes), -- and /* *\/ comments
 * - postgres: "..." identifiers, E'...' strings with backslash escapes, $tag$...$tag$ bodies
 * - mysql (and MariaDB): "..." and '...' strings with backslash escapes, `...` identifiers, # comments
 * - sqlite: "...", `...` and [...] identifiers
 */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite';

export interface SqlSegment {
  /** `code` is SQL proper; the others are opaque to splitting and parameters. */
  readonly kind: 'code' | 'quoted' | 'comment';
  readonly text: string;
}

export function scanSql(sql: string, dialect: SqlDialect): SqlSegment[] {
  const segments: SqlSegment[] = [];
  let codeStart = 0;
  let i = 0;
  const push = (kind: SqlSegment['kind'], end: number) => {
    if (codeStart < i) segments.push({ kind: 'code', text: sql.slice(codeStart, i) });
    segments.push({ kind, text: sql.slice(i, end) });
    i = end;
    codeStart = end;
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') push('comment', lineEnd(sql, i));
    else if (c === '#' && dialect === 'mysql') push('comment', lineEnd(sql, i));
    else if (c === '/' && next === '*') push('comment', blockCommentEnd(sql, i));
    else if (c === "'") push('quoted', quotedEnd(sql, i, "'", dialect === 'mysql' || isEscapeString(sql, i, dialect)));
    else if (c === '"') push('quoted', quotedEnd(sql, i, '"', dialect === 'mysql'));
    else if (c === '`' && dialect !== 'postgres') push('quoted', quotedEnd(sql, i, '`', false));
    else if (c === '[' && dialect === 'sqlite') push('quoted', closeAt(sql, i, ']'));
    else if (c === '$' && dialect === 'postgres' && dollarTag(sql, i) !== null) {
      const tag = dollarTag(sql, i) as string;
      const close = sql.indexOf(tag, i + tag.length);
      push('quoted', close < 0 ? sql.length : close + tag.length);
    } else i += 1;
  }
  if (codeStart < sql.length) segments.push({ kind: 'code', text: sql.slice(codeStart) });
  return segments;
}

function lineEnd(sql: string, from: number): number {
  const end = sql.indexOf('\n', from);
  return end < 0 ? sql.length : end;
}

function blockCommentEnd(sql: string, from: number): number {
  const end = sql.indexOf('*/', from + 2);
  return end < 0 ? sql.length : end + 2;
}

function closeAt(sql: string, from: number, close: string): number {
  const end = sql.indexOf(close, from + 1);
  return end < 0 ? sql.length : end + 1;
}

/** End of a quoted run opened at `from`: a doubled quote stays inside; with backslashes, `\x` does too. */
function quotedEnd(sql: string, from: number, quote: string, backslashes: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashes && c === '\\') i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}

/** PostgreSQL's E'...' strings take backslash escapes. */
function isEscapeString(sql: string, quoteAt: number, dialect: SqlDialect): boolean {
  if (dialect !== 'postgres' || quoteAt === 0) return false;
  const prefix = sql[quoteAt - 1];
  return (prefix === 'E' || prefix === 'e') && !/[\w$]/.test(sql[quoteAt - 2] ?? ' ');
}

/** `$$` or `$tag$` opening a dollar-quoted body (not a `$1` parameter). */
function dollarTag(sql: string, from: number): string | null {
  if (from > 0 && /[\w$]/.test(sql[from - 1] as string)) return null;
  const match = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(from, from + 64));
  return match ? match[0] : null;
}

/**
 * Splits a script into statements at top-level semicolons, dropping empty ones
 * and the semicolons. Bodies of `CREATE TRIGGER/PROCEDURE/FUNCTION` written with
 * BEGIN ... END (SQLite triggers, MySQL routines, PostgreSQL `BEGIN ATOMIC`)
 * stay whole; a `DELIMITER` client command is not SQL and is not supported.
 */
export function splitStatements(sql: string, dialect: SqlDialect): string[] {
  const statements: string[] = [];
  let current = '';
  let depth = 0;
  let words: string[] = [];
  const finish = () => {
    if (hasCode(current, dialect)) statements.push(current.trim());
    current = '';
    depth = 0;
    words = [];
  };
  for (const segment of scanSql(sql, dialect)) {
    if (segment.kind !== 'code') {
      current += segment.text;
      continue;
    }
    const text = segment.text;
    let start = 0;
    const tokens = /[A-Za-z_]\w*|;/g;
    for (let m = tokens.exec(text); m !== null; m = tokens.exec(text)) {
      const token = m[0];
      if (token !== ';') {
        const word = token.toUpperCase();
        if (isBlockStatement(words)) depth += depthChange(word, text.slice(m.index + token.length));
        if (words.length < 8) words.push(word);
        continue;
      }
      if (depth > 0) continue;
      current += text.slice(start, m.index);
      start = m.index + 1;
      finish();
    }
    current += text.slice(start);
  }
  finish();
  return statements;
}

const ROUTINES = new Set(['TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT']);

function isBlockStatement(firstWords: readonly string[]): boolean {
  return firstWords[0] === 'CREATE' && firstWords.slice(1, 5).some((w) => ROUTINES.has(w));
}

function depthChange(word: string, after: string): number {
  if (word === 'BEGIN' || word === 'CASE') return 1;
  if (word !== 'END') return 0;
  // END IF / END LOOP / END WHILE close blocks we did not count.
  return /^\s+(IF|LOOP|WHILE|REPEAT|FOR)\b/i.test(after) ? 0 : -1;
}

function hasCode(statement: string, dialect: SqlDialect): boolean {
  return scanSql(statement, dialect).some((s) => s.kind !== 'comment' && s.text.trim() !== '');
}

/** Parameter values: JSON data (how DAG files can carry them), plus what task code may bind. */
export type SqlValue = null | boolean | number | string | bigint | Date | Uint8Array | readonly SqlValue[] | { readonly [key: string]: SqlValue };

/** Positional (`$1` on PostgreSQL, `?` on MySQL and SQLite) as a list, or named (`:name` everywhere) as an object. */
export type SqlParameters = readonly SqlValue[] | { readonly [name: string]: SqlValue };

export interface BoundStatement {
  readonly text: string;
  readonly values: readonly SqlValue[];
}

/**
 * Turns `:name` placeholders into the dialect's positional ones (`$n`, reusing
 * `n` for a repeated name, on PostgreSQL; `?` elsewhere). A list of values is
 * passed through: the SQL then uses the driver's own placeholders.
 */
export function bindParameters(statement: string, parameters: SqlParameters | undefined, dialect: SqlDialect): BoundStatement {
  if (Array.isArray(parameters)) return { text: statement, values: parameters as readonly SqlValue[] };
  // Without parameters the text still goes through, so a forgotten `parameters` is named, not a syntax error.
  const named = (parameters ?? {}) as { readonly [name: string]: SqlValue };
  const values: SqlValue[] = [];
  const indexOf = new Map<string, number>();
  const missing = new Set<string>();
  const text = scanSql(statement, dialect)
    .map((segment) =>
      segment.kind !== 'code'
        ? segment.text
        : segment.text.replace(/(?<![\w:]):([A-Za-z_]\w*)/g, (_match, name: string) => {
            if (!Object.hasOwn(named, name)) {
              missing.add(name);
              return `:${name}`;
            }
            if (dialect !== 'postgres') {
              values.push(named[name] as SqlValue);
              return '?';
            }
            let index = indexOf.get(name);
            if (index === undefined) {
              values.push(named[name] as SqlValue);
              index = values.length;
              indexOf.set(name, index);
            }
            return `$${index}`;
          }),
    )
    .join('');
  if (missing.size > 0) {
    const given = Object.keys(named);
    throw new Error(
      `the SQL uses parameter${missing.size === 1 ? '' : 's'} ${[...missing].map((n) => `:${n}`).join(', ')}, ` +
        `but ${given.length === 0 ? 'no parameters were given' : `only ${given.join(', ')} ${given.length === 1 ? 'was' : 'were'} given`}`,
    );
  }
  return { text, values };
}
