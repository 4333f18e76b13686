/**
 * The two kinds of record the song plays pipeline reads, in the shapes the
 * Data Labs seed shows:
 *
 * - a song of the song dataset (a subset of the Million Song Dataset): one JSON
 *   object per line, in files under `song_data/`;
 * - an event of the website's log, one JSON object per line, one file a day:
 *   `log_data/<YYYY-MM-DD>-events.json`. Only `page: 'NextSong'` events are
 *   song plays; the others are page views, logins, settings...
 */

export interface SongRecord {
  num_songs: number;
  artist_id: string;
  artist_latitude: number | null;
  artist_longitude: number | null;
  artist_location: string;
  artist_name: string;
  song_id: string;
  title: string;
  duration: number;
  /** 0 when unknown (the dataset's convention, cleaned into NULL). */
  year: number;
}

export interface LogEvent {
  /** The artist of the song played: only on NextSong events. */
  artist: string | null;
  auth: 'Logged In' | 'Logged Out' | 'Guest' | 'Cancelled';
  firstName: string | null;
  gender: 'M' | 'F' | null;
  itemInSession: number;
  lastName: string | null;
  /** The song's duration in seconds: only on NextSong events. */
  length: number | null;
  level: 'free' | 'paid';
  location: string | null;
  method: 'GET' | 'PUT';
  page: string;
  /** When the user registered, in ms since the epoch (a float in the log). */
  registration: number | null;
  sessionId: number;
  song: string | null;
  status: number;
  /** When it happened, in ms since the epoch (UTC). */
  ts: number;
  userAgent: string | null;
  /** A number as text; '' for a visitor who is not logged in. */
  userId: string;
}

/** The page of a song play. */
export const SONG_PLAY_PAGE = 'NextSong';

/** Where a day's event log is, under the source (or download) folder. */
export function eventsFileOf(folder: string, day: string): string {
  return `${folder}/log_data/${day}-events.json`;
}

/** Where the song dataset is, under the source (or download) folder. */
export function songsFolderOf(folder: string): string {
  return `${folder}/song_data`;
}
