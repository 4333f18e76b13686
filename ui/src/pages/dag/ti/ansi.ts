/**
 * ANSI colours in logs (SGR escape sequences: `ESC[31m` red, `ESC[1m` bold,
 * `ESC[0m` reset, 256-colour and true-colour forms) turned into text runs with
 * classes or colours, for React to render as spans: the text stays text, never
 * HTML. Other escape sequences (cursor moves, erasing, titles) are dropped.
 */

export interface AnsiStyle {
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly inverse?: boolean;
  /** 0-7 (basic), 8-15 (bright), or a CSS colour (256/true colour). */
  readonly fg?: number | string;
  readonly bg?: number | string;
}

export interface AnsiRun {
  readonly text: string;
  readonly style: AnsiStyle;
}

// CSI ... final byte, OSC ... BEL/ST, and lone two-byte escapes.
const ESCAPE = /\x1b\[([0-9;:?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

const CUBE = [0, 95, 135, 175, 215, 255];

/** The CSS colour of xterm's 256-colour palette entry `n` (16 and up; 0-15 are themed classes). */
function palette(n: number): number | string {
  if (n < 16) return n;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v}, ${v}, ${v})`;
  }
  const i = n - 16;
  return `rgb(${CUBE[Math.floor(i / 36)]}, ${CUBE[Math.floor(i / 6) % 6]}, ${CUBE[i % 6]})`;
}

function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let next: { -readonly [K in keyof AnsiStyle]: AnsiStyle[K] } = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 22) next.bold = next.dim = false;
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code === 39) delete next.fg;
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    else if (code === 49) delete next.bg;
    else if (code === 38 || code === 48) {
      const mode = codes[i + 1];
      let color: number | string | undefined;
      if (mode === 5 && codes[i + 2] !== undefined) {
        color = palette(Math.min(255, Math.max(0, codes[i + 2] as number)));
        i += 2;
      } else if (mode === 2 && codes[i + 4] !== undefined) {
        const [r, g, b] = [codes[i + 2], codes[i + 3], codes[i + 4]].map((v) => Math.min(255, Math.max(0, v as number)));
        color = `rgb(${r}, ${g}, ${b})`;
        i += 4;
      }
      if (color !== undefined) {
        if (code === 38) next.fg = color;
        else next.bg = color;
      }
    }
  }
  return next;
}

/** Splits a line into runs of equally styled text, starting from `initial` (styles carry over lines). */
export function parseAnsi(line: string, initial: AnsiStyle = {}): { runs: AnsiRun[]; end: AnsiStyle } {
  const runs: AnsiRun[] = [];
  let style = initial;
  let last = 0;
  if (!line.includes('\x1b')) return { runs: line ? [{ text: line, style }] : [], end: style };
  for (const m of line.matchAll(ESCAPE)) {
    const at = m.index ?? 0;
    if (at > last) runs.push({ text: line.slice(last, at), style });
    if (m[2] === 'm') style = applySgr(style, m[1] ?? '');
    last = at + m[0].length;
  }
  if (last < line.length) runs.push({ text: line.slice(last), style });
  return { runs, end: style };
}

/** Plain text without escape sequences (for search and copy). */
export function stripAnsi(line: string): string {
  return line.includes('\x1b') ? line.replace(ESCAPE, '') : line;
}

/** The classes and inline colours for one run's style. */
export function ansiAttributes(style: AnsiStyle): { className: string; color?: string; background?: string } {
  const classes: string[] = [];
  let fg = style.fg;
  let bg = style.bg;
  if (style.inverse) [fg, bg] = [bg ?? 'var(--log-bg)', fg ?? 'var(--log-fg)'];
  if (style.bold) classes.push('ansi-bold');
  if (style.dim) classes.push('ansi-dim');
  if (style.italic) classes.push('ansi-italic');
  if (style.underline) classes.push('ansi-underline');
  const out: { className: string; color?: string; background?: string } = { className: '' };
  if (typeof fg === 'number') classes.push(`ansi-fg-${fg}`);
  else if (fg !== undefined) out.color = fg;
  if (typeof bg === 'number') classes.push(`ansi-bg-${bg}`);
  else if (bg !== undefined) out.background = bg;
  out.className = classes.join(' ');
  return out;
}
