/**
 * The containerRun factory: what it records in the serialized DAG, how a
 * string command splits into words, and the import errors a mistake gives
 * (naming the DAG, the task and the option).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containerRun, task } from '../index.js';
import { quoteWord, splitCommandWords } from './command-words.js';
import { build, importError, taskOf } from './testing/define-dag.js';

describe('splitting a command string into words', () => {
  it('splits on blanks, groups quoted words, keeps backslash escapes, expands nothing', () => {
    assert.deepEqual(splitCommandWords('python -m etl  --day 2024-03-01'), ['python', '-m', 'etl', '--day', '2024-03-01']);
    assert.deepEqual(splitCommandWords(`sh -c 'echo $HOME | wc -c' "a \\"b\\" \\$x" c\\ d ''`), ['sh', '-c', 'echo $HOME | wc -c', 'a "b" $x', 'c d', '']);
    assert.deepEqual(splitCommandWords('  '), []);
  });

  it('keeps a {{ placeholder }} inside one word, so a rendered value never adds words', () => {
    assert.deepEqual(splitCommandWords('run --day {{ ds }} --name={{ params.name }}'), ['run', '--day', '{{ ds }}', '--name={{ params.name }}']);
    assert.deepEqual(splitCommandWords(`"out:day {{ ds }}"`), ['out:day {{ ds }}']);
  });

  it('says what is wrong with unbalanced quoting', () => {
    assert.deepEqual(splitCommandWords(`echo 'unclosed`), { problem: "has a ' at position 5 without its closing '" });
    assert.deepEqual(splitCommandWords('echo "x'), { problem: 'has a " at position 5 without its closing "' });
    assert.deepEqual(splitCommandWords('echo {{ ds'), { problem: "has a '{{' at position 5 without its closing '}}'" });
    assert.deepEqual(splitCommandWords('echo \\'), { problem: 'ends with a lone backslash' });
  });

  it('quotes words for display only when needed', () => {
    assert.equal(['docker', 'run', 'A=1', 'a b', "it's", '', '*'].map(quoteWord).join(' '), `docker run A=1 'a b' 'it'\\''s' '' '*'`);
  });
});

describe('containerRun factory', () => {
  it('records kind, operator name and config with defaults; the XCom is a string or null', () => {
    const spec = build(() => {
      const plain = containerRun('plain', { image: 'alpine:3', retries: 1 });
      containerRun('full', {
        image: 'ghcr.io/acme/etl:{{ params.tag }}',
        command: 'python -m etl --day {{ ds }}',
        entrypoint: ['/bin/tini', '--'],
        env: { STAGE: 'prod' },
        secretEnv: { DB_PASSWORD: 'warehouse_password' },
        mounts: [{ source: '/srv/data', target: '/data', readOnly: true }, { source: 'cache', target: '/cache' }],
        workingDir: '/data',
        user: 1000,
        network: 'none',
        runtime: 'podman',
        pull: 'always',
        autoRemove: false,
        extraArgs: ['--memory', '2g'],
        xcom: 'none',
        executionTimeout: '10m',
      });
      task('use', { inputs: { plain } }, ({ plain }) => {
        const line: string | null = plain;
        return line;
      });
    });
    const plain = taskOf(spec, 'plain');
    assert.equal(plain.kind, 'container_run');
    assert.equal(plain.operator, 'DockerOperator');
    assert.equal(plain.retries, 1);
    assert.deepEqual(plain.config, {
      image: 'alpine:3', command: null, entrypoint: null, env: {}, secretEnv: {}, mounts: [], workingDir: null, user: null,
      network: null, runtime: 'auto', pull: null, autoRemove: true, extraArgs: [], xcom: 'last_line',
    });
    const full = taskOf(spec, 'full');
    assert.equal(full.executionTimeoutMs, 600_000);
    assert.deepEqual(full.config, {
      image: 'ghcr.io/acme/etl:{{ params.tag }}',
      command: ['python', '-m', 'etl', '--day', '{{ ds }}'],
      entrypoint: ['/bin/tini', '--'],
      env: { STAGE: 'prod' },
      secretEnv: { DB_PASSWORD: 'warehouse_password' },
      mounts: [{ source: '/srv/data', target: '/data', readOnly: true }, { source: 'cache', target: '/cache', readOnly: false }],
      workingDir: '/data',
      user: '1000',
      network: 'none',
      runtime: 'podman',
      pull: 'always',
      autoRemove: false,
      extraArgs: ['--memory', '2g'],
      xcom: 'none',
    });
  });

  it('rejects mistakes at import, naming the DAG, task and option', () => {
    assert.equal(importError(() => containerRun('c', { image: '' })), `DAG 'd', task 'c': containerRun() option 'image' must be a non-empty string, got ""`);
    assert.match(importError(() => containerRun('c', { image: '--privileged' })), /option 'image' must be an image reference, not an option/);
    assert.match(importError(() => containerRun('c', { image: 'a', command: `echo 'x` })), /option 'command' has a ' at position 5 without its closing ': fix the quoting, or give the words as a list/);
    assert.match(importError(() => containerRun('c', { image: 'a', command: [] })), /option 'command' must not be an empty list/);
    assert.match(importError(() => containerRun('c', { image: 'a', command: ['ok', 3 as unknown as string] })), /option 'command\[1\]' must be a string, got 3/);
    assert.match(importError(() => containerRun('c', { image: 'a', env: { N: 3 as unknown as string } })), /option 'env\.N' must be a string \(write numbers as text\)/);
    assert.match(importError(() => containerRun('c', { image: 'a', env: { 'A=B': 'x' } })), /option 'env\['A=B'\]' is not a variable name/);
    assert.match(importError(() => containerRun('c', { image: 'a', env: { K: 'x' }, secretEnv: { K: 'k' } })), /option 'secretEnv\.K' is also set in env/);
    assert.match(importError(() => containerRun('c', { image: 'a', mounts: [{ source: './data', target: '/data' }] })), /option 'mounts\[0\]' source must be an absolute path on the worker or a volume name: got '\.\/data'/);
    assert.match(importError(() => containerRun('c', { image: 'a', mounts: [{ source: '/a', target: 'data' }] })), /option 'mounts\[0\]' must be an absolute path in the container: got 'data'/);
    assert.match(importError(() => containerRun('c', { image: 'a', mounts: [{ source: '/a:b', target: '/b' }] })), /option 'mounts\[0\]' cannot contain ':'/);
    assert.match(importError(() => containerRun('c', { image: 'a', mounts: [{ source: '/a', target: '/b', mode: 'ro' } as never] })), /option 'mounts\[0\]\.mode' is not a mount field: use source, target and readOnly/);
    assert.match(importError(() => containerRun('c', { image: 'a', workingDir: 'work' })), /option 'workingDir' must be an absolute path in the container/);
    assert.match(importError(() => containerRun('c', { image: 'a', runtime: 'lxc' as 'docker' })), /option 'runtime' must be one of 'auto', 'docker', 'podman', got "lxc"/);
    assert.match(importError(() => containerRun('c', { image: 'a', pull: 'sometimes' as 'always' })), /option 'pull' must be one of 'missing', 'always', 'never'/);
    assert.match(importError(() => containerRun('c', { image: 'a', extraArgs: ['--rm'] })), /option 'extraArgs\[0\]' '--rm' is set by containerRun itself: use autoRemove/);
    assert.match(importError(() => containerRun('c', { image: 'a', extraArgs: ['--name=x'] })), /option 'extraArgs\[0\]' '--name=x' is set by containerRun itself/);
    assert.match(importError(() => containerRun('c', { image: 'a', user: -1 })), /option 'user' must be a whole number >= 0/);
  });

  it('checks templated paths only once rendered', () => {
    const spec = build(() => containerRun('c', { image: 'acme/{{ params.image }}', mounts: [{ source: '{{ params.dir }}', target: '/data' }], workingDir: '{{ params.wd }}' }));
    assert.equal(taskOf(spec, 'c').kind, 'container_run');
  });
});
