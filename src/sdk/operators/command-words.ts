/**
 * Splits a command written as one string into its words the way a shell reads
 * them (Airflow's DockerOperator splits a string command with shlex): blanks
 * separate words, '…' keeps everything literal, "…" keeps blanks and lets a
 * backslash escape " \ $ `, a backslash outside quotes escapes the next
 * character. Nothing is expanded and nothing runs: no variables, globs, pipes.
 * A `{{ … }}` template placeholder stays inside one word even though it holds
 * blanks, so each word is rendered on its own and a templated value can never
 * become extra words (no argument injection through params or XComs).
 */

/** The words, or the reason the text cannot be split. */
export function splitCommandWords(text: string): string[] | { readonly problem: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (text.startsWith('{{', i)) {
      const end = text.indexOf('}}', i + 2);
      if (end < 0) return { problem: `has a '{{' at position ${i} without its closing '}}'` };
      word += text.slice(i, end + 2);
      inWord = true;
      i = end + 2;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
    } else if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { problem: `has a ' at position ${i} without its closing '` };
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (char === '"') {
      const closed = readDoubleQuoted(text, i + 1);
      if (closed === null) return { problem: `has a " at position ${i} without its closing "` };
      word += closed.value;
      inWord = true;
      i = closed.next;
    } else if (char === '\\') {
      if (i + 1 >= text.length) return { problem: 'ends with a lone backslash' };
      word += text[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += char;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function readDoubleQuoted(text: string, start: number): { value: string; next: number } | null {
  let value = '';
  let i = start;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"') return { value, next: i + 1 };
    if (char === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) {
      value += text[i + 1];
      i += 2;
    } else {
      value += char;
      i += 1;
    }
  }
  return null;
}

/** A word as a shell would need it written (for showing a command line in the log, never for running it). */
export function quoteWord(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
