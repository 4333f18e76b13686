/**
 * The secrets backends and their order. File-format cases are ported from
 * Airflow's tests/unit/always/test_secrets_local_filesystem.py; environment
 * cases from Airflow's "Managing Connections" docs (AIRFLOW_CONN_* URI and JSON).
 * The metastore is a real SQLite store with a real Fernet key.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { EnvironmentBackend } from './environment-backend.js';
import { generateFernetKey } from './fernet.js';
import { LocalFileBackend } from './local-file-backend.js';
import { MultiFernet } from './multi-fernet.js';
import { buildSecretsChain, localFileOptions, type SecretsSettings } from './secrets-chain.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'updraft-secrets-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
/** Writes `content` to a new file named `*.ext` and returns its path. */
function file(ext: string, content: string): string {
  const path = join(dir, `f${++fileCount}.${ext}`);
  writeFileSync(path, content);
  return path;
}

const variablesFrom = (path: string) => new LocalFileBackend({ connectionsFile: null, variablesFile: path });
const connectionsFrom = (path: string) => new LocalFileBackend({ connectionsFile: path, variablesFile: null });

async function variables(path: string, keys: readonly string[]): Promise<Record<string, string>> {
  const backend = variablesFrom(path);
  const out: Record<string, string> = {};
  for (const key of keys) {
    const found = await backend.getVariable(key);
    if (found) out[key] = found.value;
  }
  return out;
}

describe('local file backend: file formats (Airflow TestFileParsers)', () => {
  for (const [content, message] of [
    ['AA', 'Invalid line format. The line should contain at least one equal sign ("=")'],
    ['=', 'Invalid line format. Key is empty.'],
    ['KEY=', 'Invalid line format. Value is empty.'],
  ] as const) {
    it(`.env ${JSON.stringify(content)}: ${message}`, async () => {
      const path = file('env', content);
      await assert.rejects(variablesFrom(path).getVariable('KEY'), (error: Error) => {
        assert.ok(error.message.startsWith(`the variables file ${path} has an error: line 1: `), error.message);
        assert.ok(error.message.includes(message));
        return true;
      });
    });
  }

  it('.env lists every bad line at once', async () => {
    await assert.rejects(variablesFrom(file('env', 'A=1\nnope\n=x\nB=')).getVariable('A'), /has 3 errors: line 2: .*; line 3: .*Key is empty\.; line 4: .*Value is empty\./);
  });

  for (const [ext, content, message] of [
    ['json', '[]', 'The file should contain an object.'],
    ['json', '{AAAAA}', 'line 1: '],
    ['json', '', 'The file is empty.'],
    ['yaml', '[]', 'The file should contain an object.'],
    ['yaml', 'key:\n  - item1\n  - item2\ninvalid_yaml: }', 'line '],
    ['yaml', '', 'The file is empty.'],
  ] as const) {
    it(`.${ext} ${JSON.stringify(content)}: ${message}`, async () => {
      await assert.rejects(variablesFrom(file(ext, content)).getVariable('key'), (error: Error) => error.message.includes(message));
    });
  }

  it('refuses other extensions and names a missing file', async () => {
    await assert.rejects(variablesFrom(file('txt', 'A=1')).getVariable('A'), /unsupported file format; the file must have one of the extensions \.env \.json \.yaml \.yml/);
    await assert.rejects(variablesFrom(join(dir, 'missing.json')).getVariable('A'), /the variables file .*missing\.json does not exist/);
  });
});

describe('local file backend: variables (Airflow TestLoadVariables)', () => {
  it('.env: values as written, comments and blank lines skipped, quotes kept', async () => {
    assert.deepEqual(await variables(file('env', ''), ['KEY']), {});
    assert.deepEqual(await variables(file('env', 'KEY_A=AAA\n # AAAA\nKEY_B=BBB'), ['KEY_A', 'KEY_B']), { KEY_A: 'AAA', KEY_B: 'BBB' });
    assert.deepEqual(await variables(file('env', '\n\n\n\nKEY_A=AAA\n\n\n\n\nKEY_B=BBB\n\n\n'), ['KEY_A', 'KEY_B']), { KEY_A: 'AAA', KEY_B: 'BBB' });
    assert.deepEqual(await variables(file('env', `KEY_DICT='{"k1": "val1", "k2": "val2"}'`), ['KEY_DICT']), { KEY_DICT: `'{"k1": "val1", "k2": "val2"}'` });
    assert.deepEqual(await variables(file('env', 'URL=http://x/?a=b'), ['URL']), { URL: 'http://x/?a=b' }, 'only the first = splits');
  });

  it('.env: a key given twice is an error', async () => {
    await assert.rejects(variablesFrom(file('env', 'AA=A\nAA=B')).getVariable('AA'), /has 2 values for 'AA'/);
  });

  it('.json and .yaml: strings as they are, other values as JSON text', async () => {
    assert.deepEqual(await variables(file('json', JSON.stringify({ KEY_A: 'AAA', KEY_B: 'BBB', N: 3 })), ['KEY_A', 'KEY_B', 'N', 'X']), { KEY_A: 'AAA', KEY_B: 'BBB', N: '3' });
    const yaml = '\nKEY:\n    KEY_1:\n        - item1\n        - item2\nKEY_A: AAA\n';
    for (const ext of ['yaml', 'yml']) {
      assert.deepEqual(await variables(file(ext, yaml), ['KEY', 'KEY_A']), { KEY: '{"KEY_1":["item1","item2"]}', KEY_A: 'AAA' });
    }
  });

  it('marks values of sensitive keys secret', async () => {
    const backend = variablesFrom(file('json', JSON.stringify({ api_token: 'tok-123', region: 'eu' })));
    assert.deepEqual(await backend.getVariable('api_token'), { value: 'tok-123', secret: true });
    assert.deepEqual(await backend.getVariable('region'), { value: 'eu', secret: false });
  });
});

describe('local file backend: connections (Airflow TestLoadConnection)', () => {
  it('.env: one URI per id', async () => {
    const backend = connectionsFrom(file('env', 'CONN_ID1=mysql://host_1/\n # AAAA\nCONN_ID2=mysql://host_2/?param1=val1&param2=val2'));
    const one = await backend.getConnection('CONN_ID1');
    assert.deepEqual([one?.connType, one?.host], ['mysql', 'host_1']);
    assert.equal((await backend.getConnection('CONN_ID2'))?.extra, '{"param1":"val1","param2":"val2"}');
    assert.equal(await backend.getConnection('CONN_ID3'), null);
    await assert.rejects(connectionsFrom(file('env', 'CONN_ID=mysql://host_1/\nCONN_ID=mysql://host_2/')).getConnection('CONN_ID'), /has 2 values for 'CONN_ID': keep one/);
  });

  it('.json: a URI, a one-element list, an object with a uri, a list of one such object', async () => {
    for (const value of ['mysql://host_1', ['mysql://host_1'], { uri: 'mysql://host_1' }, [{ uri: 'mysql://host_1' }]]) {
      const conn = await connectionsFrom(file('json', JSON.stringify({ CONN_ID: value }))).getConnection('CONN_ID');
      assert.deepEqual([conn?.connType, conn?.host], ['mysql', 'host_1'], JSON.stringify(value));
    }
  });

  for (const [value, message] of [
    [null, 'give a URI (type://login:password@host:port/schema) or an object of fields'],
    [1, 'give a URI'],
    [[2], 'give a URI'],
    [{ AAA: 'mysql://host_1' }, 'unknown field(s) AAA'],
    [{ conn_id: 'BBBB', conn_type: 'http' }, `its "conn_id" says 'BBBB'`],
    [['mysql://', 'mysql://'], "has 2 values for 'CONN_ID'"],
    [{ uri: 'mysql://h', host: 'x' }, '"uri" cannot be combined with host'],
    [{ host: 'x' }, '"conn_type" is missing'],
    [{ conn_type: 'http', port: 'eighty' }, '"port" must be an integer from 0 to 65535'],
  ] as const) {
    it(`.json refuses ${JSON.stringify(value)}: ${message}`, async () => {
      const path = file('json', JSON.stringify({ CONN_ID: value }));
      await assert.rejects(connectionsFrom(path).getConnection('CONN_ID'), (error: Error) => {
        assert.ok(error.message.includes(message), error.message);
        assert.ok(error.message.includes(path), 'names the file');
        return true;
      });
    });
  }

  it('.yaml: a URI or fields, extra_dejson as an object or extra as JSON text; both is an error', async () => {
    const backend = connectionsFrom(
      file(
        'yaml',
        [
          'conn_a: mysql://hosta',
          'conn_b:',
          '   conn_type: scheme',
          '   host: host',
          '   schema: lschema',
          '   login: Login',
          '   password: None',
          '   port: 1234',
          '   extra_dejson:',
          '     arbitrary_dict:',
          '        a: b',
          `     keyfile_dict: '{"a": "b"}'`,
          '     keyfile_path: asaa',
          'conn_d:',
          '   conn_type: scheme',
          `   extra: '{"keyfile_dict": {"a": "b"}}'`,
          'conn_e:',
          '   conn_type: scheme',
          '   extra:',
          '     abc: xyz',
          '   extra_dejson:',
          '     aws_conn_id: bbb',
        ].join('\n'),
      ),
    );
    const a = await backend.getConnection('conn_a');
    assert.deepEqual([a?.connType, a?.host], ['mysql', 'hosta']);
    const b = await backend.getConnection('conn_b');
    assert.deepEqual(
      { connType: b?.connType, host: b?.host, schema: b?.schema, login: b?.login, password: b?.password, port: b?.port },
      { connType: 'scheme', host: 'host', schema: 'lschema', login: 'Login', password: 'None', port: 1234 },
    );
    assert.deepEqual(JSON.parse(b?.extra ?? ''), { arbitrary_dict: { a: 'b' }, keyfile_dict: '{"a": "b"}', keyfile_path: 'asaa' });
    assert.deepEqual(JSON.parse((await backend.getConnection('conn_d'))?.extra ?? ''), { keyfile_dict: { a: 'b' } });
    await assert.rejects(backend.getConnection('conn_e'), /give "extra" or "extra_dejson", not both/);
  });

  it('reads the file again at each lookup: an edit applies without a restart', async () => {
    const path = file('env', 'C=http://one');
    const backend = connectionsFrom(path);
    assert.equal((await backend.getConnection('C'))?.host, 'one');
    writeFileSync(path, 'C=http://two');
    assert.equal((await backend.getConnection('C'))?.host, 'two');
  });
});

describe('environment backend: UPDRAFT_CONN_<ID> and UPDRAFT_VAR_<KEY>', () => {
  it("a URI, as in Airflow's docs (my-conn-type://login:password@host:port/schema?param1=val1&param2=val2)", async () => {
    const env = { UPDRAFT_CONN_MY_PROD_DATABASE: 'my-conn-type://login:password@host:5432/schema?param1=val1&param2=val2' };
    assert.deepEqual(await new EnvironmentBackend(env).getConnection('my_prod_database'), {
      connId: 'my_prod_database',
      connType: 'my_conn_type',
      description: null,
      host: 'host',
      schema: 'schema',
      login: 'login',
      password: 'password',
      port: 5432,
      extra: '{"param1":"val1","param2":"val2"}',
    });
  });

  it("JSON, as in Airflow's docs: extra as an object, port as a number", async () => {
    const env = {
      UPDRAFT_CONN_MY_PROD_DATABASE: JSON.stringify({
        conn_type: 'my-conn-type',
        login: 'my-login',
        password: 'my-password',
        host: 'my-host',
        port: 1234,
        schema: 'my-schema',
        extra: { param1: 'val1', param2: 'val2' },
      }),
    };
    const conn = await new EnvironmentBackend(env).getConnection('MY_PROD_DATABASE');
    assert.deepEqual(conn, {
      connId: 'MY_PROD_DATABASE',
      connType: 'my_conn_type',
      description: null,
      host: 'my-host',
      schema: 'my-schema',
      login: 'my-login',
      password: 'my-password',
      port: 1234,
      extra: '{"param1":"val1","param2":"val2"}',
    });
  });

  it('bad values name the variable; unset and empty ones are not found', async () => {
    await assert.rejects(new EnvironmentBackend({ UPDRAFT_CONN_X: '{nope' }).getConnection('x'), /connection 'x' in the environment variable UPDRAFT_CONN_X: not valid JSON/);
    await assert.rejects(new EnvironmentBackend({ UPDRAFT_CONN_X: 'no-scheme' }).getConnection('x'), /UPDRAFT_CONN_X: the URI has no connection type/);
    assert.equal(await new EnvironmentBackend({ UPDRAFT_CONN_X: '  ' }).getConnection('x'), null);
    assert.equal(await new EnvironmentBackend({}).getConnection('x'), null);
  });

  it('variables by upper-cased key; sensitive keys are secret', async () => {
    const env = { UPDRAFT_VAR_REGION: 'eu-west-1', UPDRAFT_VAR_SLACK_TOKEN: 'xoxb-1', UPDRAFT_VAR_EMPTY: '' };
    const backend = new EnvironmentBackend(env);
    assert.deepEqual(await backend.getVariable('region'), { value: 'eu-west-1', secret: false });
    assert.deepEqual(await backend.getVariable('slack_token'), { value: 'xoxb-1', secret: true });
    assert.deepEqual(await backend.getVariable('empty'), { value: '', secret: false });
    assert.equal(await backend.getVariable('missing'), null);
  });
});

describe("the chain: Airflow's order (local file, environment, metastore)", () => {
  let store: Store;
  let home = '';
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'updraft-chain-'));
    store = await openStore({ home, cipher: MultiFernet.fromList(generateFernetKey(), 'test') });
    for (const id of ['everywhere', 'env_and_db', 'db_only']) {
      await store.connections.upsert({ connId: id, connType: 'http', description: 'db', host: 'db-host', schema: null, login: null, password: 'db-pass', port: null, extra: null });
      await store.variables.set({ key: id, value: 'from-db' });
    }
    await store.variables.set({ key: 'flagged', value: 'hidden', isSecret: true });
  });
  after(async () => {
    await store.close();
    rmSync(home, { recursive: true, force: true });
  });

  const settings = (over: Partial<SecretsSettings>): SecretsSettings => ({ backend: null, backendKwargs: null, connectionsFilePath: null, variablesFilePath: null, ...over });

  it('asks each backend in turn and names the one that answered', async () => {
    const connectionsFile = file('json', JSON.stringify({ everywhere: 'http://file-host' }));
    const variablesFile = file('env', 'everywhere=from-file');
    const env = { UPDRAFT_CONN_EVERYWHERE: 'http://env-host', UPDRAFT_CONN_ENV_AND_DB: 'http://env-host', UPDRAFT_VAR_EVERYWHERE: 'from-env', UPDRAFT_VAR_ENV_AND_DB: 'from-env' };
    const chain = buildSecretsChain(settings({ backend: 'local_file', connectionsFilePath: connectionsFile, variablesFilePath: variablesFile }), env, store, home);
    assert.deepEqual(chain.backends.map((b) => b.name), ['local_file', 'environment', 'metastore']);
    const hostAndSource = async (id: string) => {
      const found = await chain.getConnection(id);
      return found && [found.connection.host, found.source];
    };
    assert.deepEqual(await hostAndSource('everywhere'), ['file-host', 'local_file']);
    assert.deepEqual(await hostAndSource('env_and_db'), ['env-host', 'environment']);
    assert.deepEqual(await hostAndSource('db_only'), ['db-host', 'metastore']);
    assert.equal(await chain.getConnection('nowhere'), null);
    assert.deepEqual(await chain.getVariable('everywhere'), { value: 'from-file', secret: false, source: 'local_file' });
    assert.deepEqual(await chain.getVariable('env_and_db'), { value: 'from-env', secret: false, source: 'environment' });
    assert.deepEqual(await chain.getVariable('db_only'), { value: 'from-db', secret: false, source: 'metastore' });
    assert.deepEqual(await chain.getVariable('flagged'), { value: 'hidden', secret: true, source: 'metastore' });
    assert.equal(await chain.getVariable('nowhere'), null);
  });

  it('without a backend configured: environment, then metastore', async () => {
    const chain = buildSecretsChain(settings({}), { UPDRAFT_CONN_EVERYWHERE: 'http://env-host' }, store, home);
    assert.deepEqual(chain.backends.map((b) => b.name), ['environment', 'metastore']);
    assert.equal((await chain.getConnection('everywhere'))?.source, 'environment');
    assert.equal((await chain.getConnection('db_only'))?.connection.password, 'db-pass');
  });

  it('a failing backend fails the lookup instead of falling through to another source', async () => {
    const chain = buildSecretsChain(settings({ connectionsFilePath: join(dir, 'gone.yaml') }), {}, store, home);
    await assert.rejects(chain.getConnection('db_only'), /the connections file .*gone\.yaml does not exist/);
  });

  it('settings: backend_kwargs (paths relative to UPDRAFT_HOME), explicit paths win, unknown backends and kwargs refused', () => {
    assert.equal(localFileOptions(settings({}), '/h'), null);
    assert.deepEqual(localFileOptions(settings({ backend: 'local_file' }), '/h'), { connectionsFile: null, variablesFile: null });
    assert.deepEqual(
      localFileOptions(settings({ backend: 'airflow.secrets.local_filesystem.LocalFilesystemBackend', backendKwargs: '{"connections_file_path": "c.yaml", "variables_file_path": "/abs/v.env"}' }), '/h'),
      { connectionsFile: '/h/c.yaml', variablesFile: '/abs/v.env' },
    );
    assert.deepEqual(
      localFileOptions(settings({ backendKwargs: '{"connections_file_path": "c.yaml"}', connectionsFilePath: '/x/c.json' }), '/h'),
      { connectionsFile: '/x/c.json', variablesFile: null },
    );
    assert.throws(() => localFileOptions(settings({ backend: 'vault' }), '/h'), /secrets\.backend 'vault' is not known: use local_file/);
    assert.throws(() => localFileOptions(settings({ backendKwargs: '{"configs_file_path": "x"}' }), '/h'), /unknown key\(s\) configs_file_path/);
    assert.throws(() => localFileOptions(settings({ backendKwargs: '{nope' }), '/h'), /secrets\.backend_kwargs is not valid JSON/);
  });
});
