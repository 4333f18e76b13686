/**
 * A small TypeScript tokenizer for the code view: comments, strings (template
 * literals whole), numbers, keywords and literals; everything else plain. The
 * tokens are rendered as text in spans (never as HTML), so any source is safe
 * to show. Lines are split after tokenizing, so a block comment or template
 * spanning lines keeps its colour on each of them.
 */

export type TokenKind = 'comment' | 'string' | 'number' | 'keyword' | 'literal' | 'type' | 'plain';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const KEYWORDS = new Set(
  (
    'abstract as async await break case catch class const continue debugger declare default delete do else enum export extends ' +
    'finally for from function get if implements import in instanceof interface is keyof let namespace new of private protected ' +
    'public readonly return satisfies set static super switch this throw try type typeof var void while with yield'
  ).split(' '),
);
const LITERALS = new Set(['true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);

const RULES: readonly [TokenKind | 'ident', RegExp][] = [
  ['comment', /\/\/[^\n]*/y],
  ['comment', /\/\*[\s\S]*?(?:\*\/|$)/y],
  ['string', /'(?:\\[\s\S]|[^'\\\n])*'?/y],
  ['string', /"(?:\\[\s\S]|[^"\\\n])*"?/y],
  ['string', /`(?:\\[\s\S]|[^`\\])*`?/y],
  ['number', /(?:0[xX][\da-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)n?(?![\w$])/y],
  ['ident', /[A-Za-z_$][\w$]*/y],
  ['plain', /\s+/y],
];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let plain = '';
  const flush = () => {
    if (plain) tokens.push({ kind: 'plain', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < source.length) {
    let matched = false;
    for (const [kind, re] of RULES) {
      re.lastIndex = i;
      const m = re.exec(source);
      if (!m || m[0].length === 0) continue;
      const text = m[0];
      if (kind === 'plain') {
        plain += text;
      } else if (kind === 'ident') {
        const k: TokenKind = KEYWORDS.has(text) ? 'keyword' : LITERALS.has(text) ? 'literal' : /^[A-Z]/.test(text) ? 'type' : 'plain';
        if (k === 'plain') plain += text;
        else {
          flush();
          tokens.push({ kind: k, text });
        }
      } else {
        flush();
        tokens.push({ kind, text });
      }
      i += text.length;
      matched = true;
      break;
    }
    if (!matched) {
      plain += source[i];
      i += 1;
    }
  }
  flush();
  return tokens;
}

/** The tokens of each line (a token spanning lines is cut at each newline). */
export function tokenizeLines(source: string): Token[][] {
  const lines: Token[][] = [[]];
  for (const token of tokenize(source)) {
    const parts = token.text.split('\n');
    parts.forEach((part, k) => {
      if (k > 0) lines.push([]);
      if (part) (lines[lines.length - 1] as Token[]).push({ kind: token.kind, text: part });
    });
  }
  return lines;
}
