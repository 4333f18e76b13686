/**
 * A day of the music service's log, simulated: listening sessions arrive
 * through the day (more in the evening), each a run of events from one user
 * (mostly song plays, some page views, an upgrade now and then) or from a
 * visitor who is not logged in. Events come out in time order, one at a time,
 * with only the sessions in progress held in memory: a day of millions of
 * events costs no more memory than a day of forty.
 */
import { SONG_PLAY_PAGE, type LogEvent, type SongRecord } from './records.js';
import type { SeededRandom } from './seeded-random.js';
import { unknownSong, type SimulatedUser } from './simulated-catalog.js';

export interface DaySimulation {
  /** The day's start (UTC midnight). */
  readonly dayStart: Date;
  readonly events: number;
  readonly songs: readonly SongRecord[];
  readonly users: readonly SimulatedUser[];
  /** Share of plays of songs the dataset lacks. */
  readonly unknownSongRate: number;
  /** The first session id to use; the simulation returns the next free one. */
  readonly firstSessionId: number;
  /** Open the day with the seed's own session: Theodore Smith (the first user), logged in. */
  readonly opensWithFirstUser: boolean;
}

interface Session {
  readonly sessionId: number;
  /** null: a visitor who is not logged in. */
  readonly user: SimulatedUser | null;
  item: number;
  readonly length: number;
  nextTs: number;
}

const DAY_MS = 86_400_000;
/** Relative listening per hour of the day (UTC): quiet nights, busy evenings. */
const HOUR_WEIGHTS = [3, 2, 1, 1, 1, 2, 4, 6, 7, 7, 8, 8, 9, 8, 8, 9, 10, 12, 14, 15, 14, 12, 8, 5];
const MAX_HOUR_WEIGHT = Math.max(...HOUR_WEIGHTS);
const MEAN_HOUR_WEIGHT = HOUR_WEIGHTS.reduce((a, b) => a + b, 0) / HOUR_WEIGHTS.length;
const MIN_SESSION = 3;
const MAX_SESSION = 40;
const BROWSING_PAGES = ['Home', 'Home', 'Thumbs Up', 'Thumbs Up', 'Add to Playlist', 'Settings', 'Help', 'Add Friend'];
const VISITOR_PAGES = ['Home', 'Login', 'About', 'Help'];

/** Yields the day's events in time order; `result.nextSessionId` is set when the iteration ends. */
export function* simulateDay(random: SeededRandom, day: DaySimulation, result: { nextSessionId: number }): Generator<LogEvent> {
  const start = day.dayStart.getTime();
  const end = start + DAY_MS;
  const sessionsWanted = (day.events * 1.25) / ((MIN_SESSION + MAX_SESSION) / 2);
  // Arrivals at the busiest hour's rate, kept in proportion to each hour's weight (thinning).
  const meanGapAtPeak = (DAY_MS / sessionsWanted) * (MEAN_HOUR_WEIGHT / MAX_HOUR_WEIGHT);
  const active = new SessionQueue();
  let nextSessionId = day.firstSessionId;
  let emitted = 0;
  const arrive = (at: number, first: boolean) => {
    const user = first ? (day.users[0] ?? null) : random.chance(0.1) ? null : random.pick(day.users);
    active.push({ sessionId: nextSessionId++, user, item: 0, length: random.int(MIN_SESSION, MAX_SESSION), nextTs: Math.floor(at) });
  };
  if (day.opensWithFirstUser) arrive(start + random.int(0, 999), true);
  let arrival = start + random.exponential(meanGapAtPeak);
  while (emitted < day.events) {
    // Bring in the sessions that start before the next event of those in progress.
    while (arrival < end && (active.size === 0 || arrival <= active.peek().nextTs)) {
      const hour = new Date(arrival).getUTCHours();
      if (random.next() * MAX_HOUR_WEIGHT < (HOUR_WEIGHTS[hour] ?? 0)) arrive(arrival, false);
      arrival += random.exponential(meanGapAtPeak);
    }
    if (active.size === 0) break; // the day is over
    const session = active.pop();
    const event = nextEvent(random, session, day);
    yield event;
    emitted += 1;
    session.item += 1;
    const pause = event.page === SONG_PLAY_PAGE ? Math.round((event.length ?? 0) * 1000) : random.int(1_000, 30_000);
    session.nextTs = event.ts + pause;
    if (session.item < session.length && session.nextTs < end) active.push(session);
  }
  result.nextSessionId = nextSessionId;
}

interface Happening {
  readonly page: string;
  readonly method: 'GET' | 'PUT';
  readonly status: number;
  readonly played?: { readonly title: string; readonly artist: string; readonly length: number };
}

/** The session's next event, its keys in the log's order (one object literal: this runs millions of times). */
function nextEvent(random: SeededRandom, session: Session, day: DaySimulation): LogEvent {
  const { user } = session;
  const level = user?.level ?? 'free';
  const what = happening(random, session, day);
  const played = what.played;
  return {
    artist: played ? played.artist : null,
    auth: user ? 'Logged In' : 'Logged Out',
    firstName: user ? user.firstName : null,
    gender: user ? user.gender : null,
    itemInSession: session.item,
    lastName: user ? user.lastName : null,
    length: played ? played.length : null,
    level,
    location: user ? user.location : null,
    method: what.method,
    page: what.page,
    registration: user ? user.registration : null,
    sessionId: session.sessionId,
    song: played ? played.title : null,
    status: what.status,
    ts: session.nextTs,
    userAgent: user ? user.userAgent : null,
    userId: user ? user.userId : '',
  };
}

const HOME: Happening = { page: 'Home', method: 'GET', status: 200 };
const LOGOUT: Happening = { page: 'Logout', method: 'PUT', status: 307 };

function happening(random: SeededRandom, session: Session, day: DaySimulation): Happening {
  const { user } = session;
  if (user === null) return { page: random.pick(VISITOR_PAGES), method: 'GET', status: 200 };
  if (session.item === 0 && random.chance(0.5)) return HOME;
  if (session.item === session.length - 1 && random.chance(0.3)) return LOGOUT;
  if (random.chance(0.015)) {
    // The event shows the level before the change (nextEvent read it first); later events, the new one.
    const page = user.level === 'free' ? 'Submit Upgrade' : 'Submit Downgrade';
    user.level = user.level === 'free' ? 'paid' : 'free';
    return { page, method: 'PUT', status: 307 };
  }
  if (random.chance(0.15)) return { page: random.pick(BROWSING_PAGES), method: 'GET', status: 200 };
  const song = random.chance(day.unknownSongRate) ? null : random.pick(day.songs);
  const played = song ? { title: song.title, artist: song.artist_name, length: song.duration } : unknownSong(random);
  return { page: SONG_PLAY_PAGE, method: 'PUT', status: 200, played };
}

/** The sessions in progress, earliest next event first (a binary heap). */
class SessionQueue {
  private readonly heap: Session[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): Session {
    return this.heap[0] as Session;
  }

  push(session: Session): void {
    const heap = this.heap;
    heap.push(session);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as Session).nextTs <= session.nextTs) break;
      heap[i] = heap[parent] as Session;
      heap[parent] = session;
      i = parent;
    }
  }

  pop(): Session {
    const heap = this.heap;
    const top = heap[0] as Session;
    const last = heap.pop() as Session;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && (heap[left] as Session).nextTs < (heap[smallest] as Session).nextTs) smallest = left;
        if (right < heap.length && (heap[right] as Session).nextTs < (heap[smallest] as Session).nextTs) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest] as Session, heap[i] as Session];
        i = smallest;
      }
    }
    return top;
  }
}
