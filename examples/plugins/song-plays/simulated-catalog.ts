/**
 * The simulated music service's catalog and listeners: songs by artists (in
 * the song dataset's shape) and users with their details. The first artist,
 * song and user are the seed's own examples (Casual's "I Didn't Mean To",
 * Theodore Smith from Houston); the rest are made up from word lists by a
 * seeded generator, so they come out the same every time.
 */
import type { SongRecord } from './records.js';
import type { SeededRandom } from './seeded-random.js';

export interface SimulatedUser {
  readonly userId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly gender: 'M' | 'F';
  /** Changes when a user upgrades (free -> paid) or downgrades during the simulation. */
  level: 'free' | 'paid';
  readonly location: string;
  readonly userAgent: string;
  readonly registration: number;
}

const ADJECTIVES = ['Velvet', 'Electric', 'Silent', 'Golden', 'Broken', 'Midnight', 'Paper', 'Crimson', 'Neon', 'Wild', 'Hollow', 'Lucky', 'Blue', 'Northern', 'Slow'];
const NOUNS = ['Harbor', 'Engines', 'Lanterns', 'Satellites', 'Rivers', 'Foxes', 'Mirrors', 'Canyon', 'Orchard', 'Signals', 'Tigers', 'Parade', 'Echoes', 'Avenue', 'Comets'];
const TITLE_WORDS = ['Love', 'Night', 'Fire', 'Dream', 'Rain', 'Home', 'Summer', 'Heart', 'Road', 'Light', 'Gold', 'Tide', 'Stone', 'Wire', 'Morning', 'Shadow', 'Song', 'Train'];
const PLACES = ['Austin, TX', 'Chicago, IL', 'London, England', 'Seattle, WA', 'Nashville, TN', 'Berlin, Germany', 'Portland, OR', 'Atlanta, GA', 'Toronto, Canada', ''];
const FIRST_NAMES_F = ['Kaylee', 'Lily', 'Chloe', 'Jacqueline', 'Tegan', 'Aleena', 'Ava', 'Sara', 'Layla', 'Mohammad', 'Stefany', 'Anabelle'];
const FIRST_NAMES_M = ['Jacob', 'Ryan', 'Kevin', 'Wyatt', 'Sylvie', 'Jayden', 'Aiden', 'Lucas', 'Matthew', 'Austin', 'Colm', 'Isaac'];
const LAST_NAMES = ['Summers', 'Koch', 'Cruz', 'Lynch', 'Levine', 'Kirby', 'Scott', 'Fox', 'Smith', 'Johnson', 'Rodriguez', 'Jones', 'Graves', 'Bell', 'Hayes', 'Ross'];
const METROS = [
  'Houston-The Woodlands-Sugar Land, TX',
  'Phoenix-Mesa-Scottsdale, AZ',
  'San Francisco-Oakland-Hayward, CA',
  'Chicago-Naperville-Elgin, IL-IN-WI',
  'New York-Newark-Jersey City, NY-NJ-PA',
  'Atlanta-Sandy Springs-Roswell, GA',
  'Lansing-East Lansing, MI',
  'Portland-South Portland, ME',
];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36',
  '"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36"',
  'Mozilla/5.0 (X11; Linux x86_64; rv:31.0) Gecko/20100101 Firefox/31.0',
];

/** The seed's example song record, first in every catalog. */
const SEED_SONG: SongRecord = {
  num_songs: 1,
  artist_id: 'ARD7TVE1187B99BFB1',
  artist_latitude: null,
  artist_longitude: null,
  artist_location: 'California - LA',
  artist_name: 'Casual',
  song_id: 'SOMZWCG12A8C13C480',
  title: "I Didn't Mean To",
  duration: 218.93179,
  year: 0,
};

/** `count` songs by about count / 3 artists; years of 0, empty locations and unknown coordinates included, as in the dataset. */
export function simulateSongs(random: SeededRandom, count: number): SongRecord[] {
  const songs: SongRecord[] = [SEED_SONG];
  const titles = new Set<string>([SEED_SONG.title]);
  while (songs.length < count) {
    const name = `${random.chance(0.3) ? 'The ' : ''}${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`;
    const located = random.chance(0.5);
    const artist = {
      artist_id: `AR${random.code(16)}`,
      artist_name: name,
      artist_location: random.pick(PLACES),
      artist_latitude: located ? round(random.next() * 120 - 60, 5) : null,
      artist_longitude: located ? round(random.next() * 360 - 180, 5) : null,
    };
    for (let n = random.int(1, 5); n > 0 && songs.length < count; n -= 1) {
      const title = uniqueTitle(random, titles);
      songs.push({
        num_songs: 1,
        artist_id: artist.artist_id,
        artist_latitude: artist.artist_latitude,
        artist_longitude: artist.artist_longitude,
        artist_location: artist.artist_location,
        artist_name: artist.artist_name,
        song_id: `SO${random.code(16)}`,
        title,
        duration: round(120 + random.next() * 300, 5),
        year: random.chance(0.3) ? 0 : random.int(1960, 2010),
      });
    }
  }
  return songs;
}

/** A song title of one to three words not used yet (a word count suffix when the words run out). */
function uniqueTitle(random: SeededRandom, used: Set<string>): string {
  for (let attempt = 0; ; attempt += 1) {
    const words = [...new Set(Array.from({ length: random.int(1, 3) }, () => random.pick(TITLE_WORDS)))];
    const title = attempt < 20 ? words.join(' ') : `${words.join(' ')} ${used.size}`;
    if (!used.has(title)) {
      used.add(title);
      return title;
    }
  }
}

/** A song that is not in the catalog (the log has plays of songs the dataset lacks). */
export function unknownSong(random: SeededRandom): { title: string; artist: string; length: number } {
  return {
    title: `${random.pick(TITLE_WORDS)} of the ${random.pick(NOUNS)}`,
    artist: `${random.pick(FIRST_NAMES_M)} and the ${random.pick(NOUNS)}`,
    length: round(150 + random.next() * 200, 5),
  };
}

/** `count` users: first the seed's Theodore Smith (user 52), then users 1, 2, 3... */
export function simulateUsers(random: SeededRandom, count: number, firstDay: Date): SimulatedUser[] {
  // Registered up to 120 days before the first day.
  const registration = () => firstDay.getTime() - random.int(1, 120 * 86_400_000);
  const theodore: SimulatedUser = {
    userId: '52',
    firstName: 'Theodore',
    lastName: 'Smith',
    gender: 'M',
    level: 'free',
    location: METROS[0] as string,
    userAgent: USER_AGENTS[0] as string,
    registration: registration(),
  };
  const users = [theodore];
  for (let id = 1; users.length < count; id += 1) {
    if (id === 52) continue;
    const gender = random.chance(0.5) ? 'F' : 'M';
    users.push({
      userId: String(id),
      firstName: random.pick(gender === 'F' ? FIRST_NAMES_F : FIRST_NAMES_M),
      lastName: random.pick(LAST_NAMES),
      gender,
      level: random.chance(0.25) ? 'paid' : 'free',
      location: random.pick(METROS),
      userAgent: random.pick(USER_AGENTS),
      registration: registration(),
    });
  }
  return users;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
