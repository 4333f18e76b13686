/**
 * `.updraftignore`: paths in a DAGs folder the processor must not look at, like
 * Airflow's `.airflowignore` with its `glob` syntax (gitignore-style), plus
 * regular expressions for those used to Airflow's older `regexp` syntax.
 *
 * One pattern a line, relative to the folder holding the `.updraftignore`
 * (a file in a subfolder adds rules for that subfolder only):
 * - blank lines and lines starting with `#` are skipped;
 * - `*` matches within one path segment, `?` one character, `[abc]` a class,
 *   `**` any number of segments;
 * - a pattern without a `/` matches a file or folder name at any depth;
 *   with a `/` (leading or inside) it is anchored to the folder;
 * - a trailing `/` matches folders only; an ignored folder is skipped whole;
 * - `!pattern` brings back what an earlier line ignored (later lines win);
 * - `re:<regex>` is an unanchored regular expression searched in the relative path.
 */

export const IGNORE_FILE_NAME = '.updraftignore';

export interface IgnoreRule {
  /** Folder of the `.updraftignore`, relative to the DAGs folder, posix, '' for the root. */
  readonly base: string;
  readonly negate: boolean;
  readonly dirOnly: boolean;
  readonly regex: RegExp;
  /** The line as written, for messages. */
  readonly source: string;
}

/** Parses one `.updraftignore`; a line that is not a valid pattern throws, naming the line. */
export function parseIgnoreFile(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      rules.push(parseIgnoreLine(line, base));
    } catch (error) {
      const where = base === '' ? IGNORE_FILE_NAME : `${base}/${IGNORE_FILE_NAME}`;
      throw new Error(`${where} line ${index + 1} ('${line}'): ${(error as Error).message}`);
    }
  });
  return rules;
}

function parseIgnoreLine(line: string, base: string): IgnoreRule {
  if (line.startsWith('re:')) {
    return { base, negate: false, dirOnly: false, regex: new RegExp(line.slice(3)), source: line };
  }
  const negate = line.startsWith('!');
  let pattern = negate ? line.slice(1) : line;
  const dirOnly = pattern.endsWith('/');
  if (dirOnly) pattern = pattern.replace(/\/+$/, '');
  const anchored = pattern.includes('/');
  pattern = pattern.replace(/^\//, '');
  if (pattern === '') throw new Error('the pattern is empty');
  const body = globToRegexSource(pattern);
  const regex = new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`);
  return { base, negate, dirOnly, regex, source: line };
}

function globToRegexSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a final `**` matches everything below.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
      } else {
        const inner = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${inner}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1] as string);
      i += 1;
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whether `relPath` (posix, relative to the DAGs folder) is ignored; the last matching rule wins. */
export function isIgnored(relPath: string, isDir: boolean, rules: readonly IgnoreRule[]): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.base !== '' && !relPath.startsWith(`${rule.base}/`)) continue;
    if (rule.dirOnly && !isDir) continue;
    const sub = rule.base === '' ? relPath : relPath.slice(rule.base.length + 1);
    if (rule.regex.test(sub)) ignored = !rule.negate;
  }
  return ignored;
}
