/**
 * Reading a try's log file a chunk at a time, so a live log can be followed:
 * each read starts at a byte offset and returns whole lines plus the offset to
 * continue from. The offset travels to the client as an opaque token.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import type { TaskInstanceKey } from '../core/run-model.js';
import { taskLogPath } from '../runner/log-file.js';
import { BadRequestError } from './errors.js';

export interface LogChunk {
  /** Whole lines read (no trailing newline). */
  readonly lines: string[];
  /** Byte offset just past the last line returned. */
  readonly nextOffset: number;
  /** False when there is no log file (yet) for this try. */
  readonly exists: boolean;
}

export const DEFAULT_CHUNK_BYTES = 512 * 1024;

export function readTaskLog(logsFolder: string, key: TaskInstanceKey, tryNumber: number, offset: number, maxBytes = DEFAULT_CHUNK_BYTES): LogChunk {
  const path = taskLogPath(logsFolder, key, tryNumber);
  if (!existsSync(path)) return { lines: [], nextOffset: offset, exists: false };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (offset >= size) return { lines: [], nextOffset: Math.min(offset, size), exists: true };
    const buffer = Buffer.alloc(Math.min(maxBytes, size - offset));
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    const bytes = buffer.subarray(0, read);
    // Stop at the last newline so a line being written is returned whole next time;
    // a single line longer than the chunk is returned as it is.
    const lastNewline = bytes.lastIndexOf(0x0a);
    const end = lastNewline >= 0 ? lastNewline + 1 : read;
    const text = bytes.subarray(0, end).toString('utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return { lines, nextOffset: offset + end, exists: true };
  } finally {
    closeSync(fd);
  }
}

/** The opaque continuation token for an offset, and back. */
export function encodeLogToken(offset: number): string {
  return Buffer.from(JSON.stringify({ log_pos: offset })).toString('base64url');
}

export function decodeLogToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { log_pos?: unknown };
    if (typeof parsed.log_pos === 'number' && Number.isSafeInteger(parsed.log_pos) && parsed.log_pos >= 0) return parsed.log_pos;
  } catch {
    // falls through to the error below
  }
  throw new BadRequestError('invalid continuation token: pass the continuation_token of an earlier answer unchanged');
}

/** One of our log lines (`[iso] LEVEL   text`) as Airflow's structured message. */
export function parseLogLine(line: string): { timestamp?: string; level?: string; event: string } {
  const m = /^\[(\d{4}-\d\d-\d\dT[^\]]+)\] (\S+)\s+(.*)$/.exec(line);
  if (!m) return { event: line };
  return { timestamp: m[1] as string, level: (m[2] as string).toLowerCase(), event: m[3] as string };
}
