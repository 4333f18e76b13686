/**
 * The log viewer's ANSI converter (ui/src/pages/dag/ti/ansi.ts): SGR colours,
 * bold, resets, 256 and true colours, styles carried across lines, other
 * escape sequences dropped, and text kept as text (no HTML is ever built).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ansiAttributes, parseAnsi, stripAnsi } from '../../ui/src/pages/dag/ti/ansi.js';

const ESC = '\u001b';

describe('ANSI colours in logs', () => {
  it('splits a line into styled runs: basic, bright and background colours, bold, reset', () => {
    const { runs } = parseAnsi(`plain ${ESC}[31mred ${ESC}[1;92mbold bright green${ESC}[0m back ${ESC}[44mon blue${ESC}[49m`);
    assert.deepEqual(runs, [
      { text: 'plain ', style: {} },
      { text: 'red ', style: { fg: 1 } },
      { text: 'bold bright green', style: { fg: 10, bold: true } },
      { text: ' back ', style: {} },
      { text: 'on blue', style: { bg: 4 } },
    ]);
    assert.deepEqual(ansiAttributes({ fg: 10, bold: true }), { className: 'ansi-bold ansi-fg-10' });
  });

  it('256-colour and true-colour forms become CSS colours; inverse swaps them', () => {
    const { runs } = parseAnsi(`${ESC}[38;5;208morange${ESC}[38;2;10;20;30;48;5;244mrgb${ESC}[39;49m`);
    assert.deepEqual(runs.map((r) => r.style), [{ fg: 'rgb(255, 135, 0)' }, { fg: 'rgb(10, 20, 30)', bg: 'rgb(128, 128, 128)' }]);
    assert.deepEqual(ansiAttributes({ fg: 'rgb(1, 2, 3)' }), { className: '', color: 'rgb(1, 2, 3)' });
    assert.deepEqual(ansiAttributes({ fg: 1, inverse: true }), { className: 'ansi-bg-1', color: 'var(--log-bg)' });
  });

  it('a style left open carries into the next line; ESC[m resets', () => {
    const first = parseAnsi(`${ESC}[33mwarning starts`);
    const second = parseAnsi(`still yellow ${ESC}[mplain`, first.end);
    assert.deepEqual(second.runs, [
      { text: 'still yellow ', style: { fg: 3 } },
      { text: 'plain', style: {} },
    ]);
  });

  it('drops cursor, erase and title sequences; keeps markup as plain text', () => {
    const line = `${ESC}[2K${ESC}[1G${ESC}]0;title${ESC}\\<b>not bold</b> & ${ESC}[32mok${ESC}[0m`;
    assert.equal(stripAnsi(line), '<b>not bold</b> & ok');
    const { runs } = parseAnsi(line);
    assert.deepEqual(runs, [
      { text: '<b>not bold</b> & ', style: {} },
      { text: 'ok', style: { fg: 2 } },
    ]);
    assert.deepEqual(parseAnsi('').runs, []);
  });
});
