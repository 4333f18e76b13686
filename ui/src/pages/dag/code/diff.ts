/**
 * A line diff of two versions of a file (longest common subsequence on the
 * lines that differ, after the common head and tail are set aside). Bounded:
 * past a few million line pairs it gives up rather than freeze the tab.
 */

export interface DiffLine {
  readonly kind: 'same' | 'added' | 'removed';
  readonly text: string;
  /** Line numbers in the old and new file (null on the side that lacks the line). */
  readonly oldLine: number | null;
  readonly newLine: number | null;
}

export const MAX_DIFF_CELLS = 4_000_000;

export function diffLines(oldText: string, newText: string): DiffLine[] | null {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_DIFF_CELLS) return null;

  // lcs[i][j] = LCS length of midA[i..] and midB[j..], in one flat array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = midA[i] === midB[j] ? (lcs[(i + 1) * w + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    }
  }

  const out: DiffLine[] = [];
  for (let k = 0; k < head; k++) out.push({ kind: 'same', text: a[k] as string, oldLine: k + 1, newLine: k + 1 });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      out.push({ kind: 'same', text: midA[i] as string, oldLine: head + i + 1, newLine: head + j + 1 });
      i++;
      j++;
    } else if (i < n && (j >= m || (lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number))) {
      // Removals before additions, as diffs read.
      out.push({ kind: 'removed', text: midA[i] as string, oldLine: head + i + 1, newLine: null });
      i++;
    } else {
      out.push({ kind: 'added', text: midB[j] as string, oldLine: null, newLine: head + j + 1 });
      j++;
    }
  }
  for (let k = 0; k < tail; k++) {
    const oi = a.length - tail + k;
    const ni = b.length - tail + k;
    out.push({ kind: 'same', text: a[oi] as string, oldLine: oi + 1, newLine: ni + 1 });
  }
  return out;
}

/** Keeps changed lines with `context` unchanged lines around them; the rest becomes gaps. */
export function withContext(lines: readonly DiffLine[], context = 3): (DiffLine | { readonly kind: 'gap'; readonly count: number })[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((l, k) => {
    if (l.kind === 'same') return;
    for (let d = Math.max(0, k - context); d <= Math.min(lines.length - 1, k + context); d++) keep[d] = 1;
  });
  const out: (DiffLine | { kind: 'gap'; count: number })[] = [];
  let gap = 0;
  lines.forEach((l, k) => {
    if (keep[k]) {
      if (gap > 0) out.push({ kind: 'gap', count: gap });
      gap = 0;
      out.push(l);
    } else gap++;
  });
  if (gap > 0) out.push({ kind: 'gap', count: gap });
  return out;
}
