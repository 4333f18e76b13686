import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { taskLogPath } from '../runner/log-file.js';
import { BadRequestError } from './errors.js';
import { decodeLogToken, encodeLogToken, parseLogLine, readTaskLog } from './task-logs.js';

const key = { dagId: 'd', runId: 'r', taskId: 't', mapIndex: -1 };

describe('reading task logs a chunk at a time', () => {
  it('returns whole lines only, and continues where it stopped', () => {
    const folder = mkdtempSync(join(tmpdir(), 'updraft-logs-'));
    try {
      const path = taskLogPath(folder, key, 1);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, 'one\ntwo\nthr');
      const first = readTaskLog(folder, key, 1, 0);
      assert.deepEqual(first.lines, ['one', 'two'], 'the partial line waits for its newline');
      assert.equal(first.nextOffset, 8);
      writeFileSync(path, 'one\ntwo\nthree\n');
      assert.deepEqual(readTaskLog(folder, key, 1, first.nextOffset).lines, ['three']);
      const small = readTaskLog(folder, key, 1, 0, 5);
      assert.deepEqual(small.lines, ['one']);
      assert.deepEqual(readTaskLog(folder, key, 2, 0), { lines: [], nextOffset: 0, exists: false });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('round-trips tokens and refuses forged ones', () => {
    assert.equal(decodeLogToken(encodeLogToken(1234)), 1234);
    for (const bad of ['x', encodeLogToken(-1), Buffer.from('{"log_pos":"1"}').toString('base64url')]) assert.throws(() => decodeLogToken(bad), BadRequestError);
  });

  it('parses our log lines into structured messages', () => {
    assert.deepEqual(parseLogLine('[2025-01-01T00:00:00.000Z] ERROR   boom'), { timestamp: '2025-01-01T00:00:00.000Z', level: 'error', event: 'boom' });
    assert.deepEqual(parseLogLine('plain'), { event: 'plain' });
  });
});
