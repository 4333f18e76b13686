/**
 * A stand-in for the `docker` / `podman` command-line tools (this machine has
 * no container engine): a small Node script written into temp folders that a
 * test puts on PATH. Every call is recorded in `calls.jsonl`.
 *
 * - `run [options] IMAGE [STEP...]` parses the options `containerRun` writes
 *   (an unknown one exits 125, like docker), takes `-e NAME` from its own
 *   environment as docker does, and runs the "container": each STEP is
 *   `out:TEXT` (a stdout line), `err:TEXT` (stderr), `env:NAME` (prints
 *   NAME=value of the container's environment), `sleep:SECONDS`, `exit:CODE`;
 *   or, as in any small image, `echo WORDS...` prints the words.
 *   While it runs, `containers/<name>` holds `running:<pid>`.
 * - `kill NAME` stops a running container (its `run` exits with 137, as
 *   docker's does) and waits until it has; `rm -f NAME` removes a container,
 *   stopping it first. Both fail with "No such container" as docker does.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunCall {
  readonly tool: string;
  readonly verb: 'run';
  readonly argv: string[];
  readonly pid: number;
  readonly name: string;
  readonly rm: boolean;
  /** The container's environment. */
  readonly env: Record<string, string>;
  readonly volumes: string[];
  /** Other options by name without dashes: w, user, network, pull, entrypoint, memory... */
  readonly options: Record<string, string>;
  readonly image: string;
  readonly command: string[];
}

export interface StopCall {
  readonly tool: string;
  readonly verb: 'kill' | 'rm';
  readonly argv: string[];
  readonly name: string;
}

export type ToolCall = RunCall | StopCall;

export interface StandInTools {
  /** Folders to put on PATH, holding `docker` and `podman` respectively. */
  readonly dockerDir: string;
  readonly podmanDir: string;
  calls(): ToolCall[];
  runs(): RunCall[];
  /** Whether the container exists (running or stopped and not removed). */
  exists(name: string): boolean;
  /** Takes a tool off PATH (deletes the executable). */
  remove(tool: 'docker' | 'podman'): void;
}

const script = (state: string) => `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
const STATE = ${JSON.stringify(state)};
const tool = path.basename(process.argv[1]);
const [verb, ...args] = process.argv.slice(2);
const containers = path.join(STATE, 'containers');
fs.mkdirSync(containers, { recursive: true });
const record = (entry) => fs.appendFileSync(path.join(STATE, 'calls.jsonl'), JSON.stringify({ tool, verb, argv: process.argv.slice(2), ...entry }) + '\\n');
const marker = (name) => path.join(containers, name);
const stateOf = (name) => (fs.existsSync(marker(name)) ? fs.readFileSync(marker(name), 'utf8') : null);
const fail = (text, code) => { process.stderr.write(text + '\\n'); process.exit(code); };
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
async function stop(name) {
  const state = stateOf(name);
  if (!state || !state.startsWith('running:')) return;
  try { process.kill(Number(state.slice('running:'.length)), 'SIGTERM'); } catch {}
  for (let i = 0; i < 250 && (stateOf(name) || '').startsWith('running:'); i++) await sleep(20);
}
const WITH_VALUE = new Set(['--name', '-e', '--env', '-v', '--volume', '-w', '--workdir', '-u', '--user', '--network', '--pull', '--entrypoint', '--memory', '--cpus']);
(async () => {
  if (verb === 'run') {
    const o = { name: '', rm: false, env: {}, volumes: [], options: {} };
    let i = 0;
    for (; i < args.length && args[i].startsWith('-'); i++) {
      const eq = args[i].indexOf('=');
      const flag = eq > 0 ? args[i].slice(0, eq) : args[i];
      if (flag === '--rm') { o.rm = true; continue; }
      if (!WITH_VALUE.has(flag)) fail('unknown flag: ' + flag, 125);
      const value = eq > 0 ? args[i].slice(eq + 1) : args[++i];
      if (flag === '--name') o.name = value;
      else if (flag === '-e' || flag === '--env') {
        const at = value.indexOf('=');
        if (at >= 0) o.env[value.slice(0, at)] = value.slice(at + 1);
        else if (value in process.env) o.env[value] = process.env[value];
      } else if (flag === '-v' || flag === '--volume') o.volumes.push(value);
      else o.options[flag.replace(/^-+/, '')] = value;
    }
    const image = args[i];
    const command = args.slice(i + 1);
    if (!image) fail('"docker run" requires at least 1 argument.', 125);
    record({ pid: process.pid, ...o, image, command });
    fs.writeFileSync(marker(o.name), 'running:' + process.pid);
    const finish = (code) => {
      if (o.rm) fs.rmSync(marker(o.name), { force: true });
      else fs.writeFileSync(marker(o.name), 'exited:' + code);
      process.exit(code);
    };
    process.on('SIGTERM', () => finish(137));
    if (command[0] === 'echo') {
      process.stdout.write(command.slice(1).join(' ') + '\\n');
      finish(0);
    }
    for (const step of command) {
      const at = step.indexOf(':');
      const [op, arg] = at < 0 ? [step, ''] : [step.slice(0, at), step.slice(at + 1)];
      if (op === 'out') process.stdout.write(arg + '\\n');
      else if (op === 'err') process.stderr.write(arg + '\\n');
      else if (op === 'env') process.stdout.write(arg + '=' + (o.env[arg] ?? '') + '\\n');
      else if (op === 'sleep') await sleep(Number(arg) * 1000);
      else if (op === 'exit') finish(Number(arg));
      else { process.stderr.write('exec: "' + step + '": executable file not found\\n'); finish(127); }
    }
    finish(0);
  } else if (verb === 'kill') {
    const name = args[0];
    record({ name });
    if (!(stateOf(name) || '').startsWith('running:')) fail('Error response from daemon: cannot kill container: ' + name + ': No such container', 1);
    await stop(name);
    process.stdout.write(name + '\\n');
  } else if (verb === 'rm') {
    const name = args.filter((a) => a !== '-f')[0];
    record({ name });
    if (stateOf(name) === null) fail('Error response from daemon: No such container: ' + name, 1);
    await stop(name);
    fs.rmSync(marker(name), { force: true });
    process.stdout.write(name + '\\n');
  } else {
    fail('stand-in ' + tool + ': unsupported command ' + verb, 125);
  }
})();
`;

/** Writes `docker` and `podman` stand-ins under `root` (one folder each, so each can be put on PATH alone). */
export function standInContainerTools(root: string): StandInTools {
  const state = join(root, 'state');
  const dockerDir = join(root, 'docker-bin');
  const podmanDir = join(root, 'podman-bin');
  for (const dir of [state, dockerDir, podmanDir]) mkdirSync(dir, { recursive: true });
  for (const [dir, name] of [[dockerDir, 'docker'], [podmanDir, 'podman']] as const) {
    writeFileSync(join(dir, name), script(state));
    chmodSync(join(dir, name), 0o755);
  }
  const calls = (): ToolCall[] => {
    const file = join(state, 'calls.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as ToolCall);
  };
  return {
    dockerDir,
    podmanDir,
    calls,
    runs: () => calls().filter((call): call is RunCall => call.verb === 'run'),
    exists: (name) => existsSync(join(state, 'containers', name)),
    remove: (tool) => rmSync(join(tool === 'docker' ? dockerDir : podmanDir, tool), { force: true }),
  };
}
