/**
 * Ships a try's log file, written on the worker by its task process, to the
 * API server as it grows: what is new since the last piece, at most
 * `MAX_PIECE_BYTES` per call. Cut at a line end where possible, so a reader
 * of the live log never sees half a line; the last piece, after the try,
 * takes the rest.
 */
import { openSync, closeSync, readSync, statSync } from 'node:fs';
import type { ExecutionClient } from './execution-client.js';

const MAX_PIECE_BYTES = 256 * 1024;

export class LogShipper {
  private offset = 0;
  private shipping: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly client: ExecutionClient,
  ) {}

  /** Ships what is new; `final` also ships an unfinished last line and keeps going until all is sent (or the server is away). */
  ship(final = false): Promise<void> {
    this.shipping = this.shipping.then(() => this.shipNew(final));
    return this.shipping;
  }

  private async shipNew(final: boolean): Promise<void> {
    for (;;) {
      const piece = this.readPiece(final);
      if (piece === null) return;
      const sent = await this.client.shipLog(this.offset, piece);
      if (sent.ok) this.offset += Buffer.byteLength(piece, 'utf8');
      // The server has another size (an earlier answer was lost): go on from where it is.
      else if (sent.status === 409 && typeof sent.body.size === 'number') this.offset = sent.body.size;
      else return;
      if (!final) return;
    }
  }

  private readPiece(final: boolean): string | null {
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return null;
    }
    if (size <= this.offset) return null;
    const length = Math.min(MAX_PIECE_BYTES, size - this.offset);
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.path, 'r');
    try {
      readSync(fd, buffer, 0, length, this.offset);
    } finally {
      closeSync(fd);
    }
    const lastNewline = buffer.lastIndexOf(0x0a);
    const whole = final && length === size - this.offset ? length : lastNewline + 1;
    if (whole <= 0) return final ? buffer.toString('utf8') : null;
    return buffer.subarray(0, whole).toString('utf8');
  }
}
