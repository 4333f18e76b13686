/**
 * The Code tab's pure parts: the TypeScript tokenizer (every character kept,
 * comments/strings/numbers/keywords told apart, lines split inside multi-line
 * tokens) and the line diff between two versions of a DAG file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffLines, withContext } from '../../ui/src/pages/dag/code/diff.js';
import { tokenize, tokenizeLines } from '../../ui/src/pages/dag/code/highlight.js';

describe('code view: tokenizer', () => {
  const kinds = (src: string) => tokenize(src).filter((t) => t.kind !== 'plain').map((t) => [t.kind, t.text]);

  it('keeps every character, in order', () => {
    const src = "import { dag } from 'updraft';\n/* a\n block */ const x = `t ${1}` + 0x1f + 1_000n; // done\n<script>alert(1)</script>";
    assert.equal(tokenize(src).map((t) => t.text).join(''), src);
  });

  it('tells comments, strings, numbers, keywords, literals and types apart', () => {
    assert.deepEqual(kinds("const n: Number = 42.5e3; // why\nlet s = 'it\\'s' + \"q\" + null;"), [
      ['keyword', 'const'],
      ['type', 'Number'],
      ['number', '42.5e3'],
      ['comment', '// why'],
      ['keyword', 'let'],
      ['string', "'it\\'s'"],
      ['string', '"q"'],
      ['literal', 'null'],
    ]);
    assert.deepEqual(kinds('x1 = a2b;'), [], 'digits inside identifiers are not numbers');
    assert.deepEqual(kinds("'unterminated\nconst"), [['string', "'unterminated"], ['keyword', 'const']], 'a string stops at the line end');
  });

  it('splits tokens that span lines, each line keeping the colour', () => {
    const lines = tokenizeLines('a /* one\ntwo */ b\n`x\ny`');
    assert.equal(lines.length, 4);
    assert.deepEqual(lines[1], [{ kind: 'comment', text: 'two */' }, { kind: 'plain', text: ' b' }]);
    assert.deepEqual(lines[3], [{ kind: 'string', text: 'y`' }]);
  });
});

describe('code view: line diff', () => {
  it('finds added and removed lines with their numbers on each side', () => {
    const d = diffLines('a\nb\nc\nd', 'a\nc\nX\nd');
    assert.deepEqual(d?.map((l) => [l.kind, l.text, l.oldLine, l.newLine]), [
      ['same', 'a', 1, 1],
      ['removed', 'b', 2, null],
      ['same', 'c', 3, 2],
      ['added', 'X', null, 3],
      ['same', 'd', 4, 4],
    ]);
  });

  it('equal texts are all unchanged; context folds what is far from a change', () => {
    assert.ok(diffLines('x\ny', 'x\ny')?.every((l) => l.kind === 'same'));
    const old = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const shown = withContext(diffLines(old, old.replace('line 10', 'LINE 10')) ?? [], 2);
    assert.deepEqual(shown.map((l) => l.kind), ['gap', 'same', 'same', 'removed', 'added', 'same', 'same', 'gap']);
    assert.deepEqual([shown[0], shown[7]], [{ kind: 'gap', count: 8 }, { kind: 'gap', count: 7 }]);
  });

  it('gives up on huge rewrites instead of freezing the page', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n');
    assert.equal(diffLines(a, b), null);
  });
});
