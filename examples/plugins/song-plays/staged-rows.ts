/**
 * One line of a file -> one staging row (values in the order of
 * STAGED_EVENT_COLUMNS / STAGED_SONG_COLUMNS), or the reason it is not a
 * record. Staging is lenient on purpose: a field of the wrong type becomes
 * NULL and the quality checks catch it downstream, naming the problem; only
 * a line that is not a JSON object at all is refused (and counted).
 */
import type { SqlValue } from 'updraft/hooks';

export type Staged = { readonly row: SqlValue[] } | { readonly problem: string };

export function stagedEvent(line: string, ds: string): Staged {
  const event = parseObject(line);
  if (typeof event === 'string') return { problem: event };
  const ts = numberOr(event.ts);
  const at = ts === null ? null : new Date(ts);
  const valid = at !== null && !Number.isNaN(at.getTime());
  const userId = userIdOf(event.userId);
  return {
    row: [
      ds,
      // The log has no event id: a user's session and the event's place in it identify it.
      `${event.userId ?? ''}-${String(event.sessionId)}-${String(event.itemInSession)}`,
      ts,
      valid ? at.toISOString().replace('T', ' ').slice(0, 23) : null,
      valid ? at.getUTCHours() : null,
      valid ? at.getUTCDate() : null,
      valid ? isoWeek(at) : null,
      valid ? at.getUTCMonth() + 1 : null,
      valid ? at.getUTCFullYear() : null,
      valid ? at.getUTCDay() : null,
      userId,
      textOr(event.firstName),
      textOr(event.lastName),
      textOr(event.gender),
      textOr(event.level),
      textOr(event.song),
      textOr(event.artist),
      numberOr(event.length),
      integerOr(event.sessionId),
      integerOr(event.itemInSession),
      textOr(event.location),
      textOr(event.userAgent),
      textOr(event.page),
    ],
  };
}

export function stagedSong(line: string): Staged {
  const song = parseObject(line);
  if (typeof song === 'string') return { problem: song };
  if (typeof song.song_id !== 'string' || song.song_id === '') return { problem: 'the song has no song_id' };
  return {
    row: [
      song.song_id,
      textOr(song.title),
      textOr(song.artist_id),
      textOr(song.artist_name),
      textOr(song.artist_location),
      numberOr(song.artist_latitude),
      numberOr(song.artist_longitude),
      integerOr(song.year),
      numberOr(song.duration),
    ],
  };
}

/** The object on the line, or why it is not one. */
function parseObject(line: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `not a JSON object but ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`;
  return value as Record<string, unknown>;
}

/** The log writes user ids as text ("52"); '' is a visitor who is not logged in. */
function userIdOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function textOr(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function integerOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

/** The ISO-8601 week of the year: weeks start on Monday, and week 1 holds the year's first Thursday. */
export function isoWeek(date: Date): number {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
