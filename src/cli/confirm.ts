/** Asks a yes/no question on stdin (a terminal or a pipe); end of input counts as "no". */
import { createInterface } from 'node:readline';

export function confirm(question: string): Promise<boolean> {
  process.stdout.write(question);
  const rl = createInterface({ input: process.stdin, terminal: false });
  return new Promise((resolve) => {
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line.trim().toLowerCase() === 'yes');
    });
    rl.once('close', () => {
      if (!answered) resolve(false);
    });
  });
}
