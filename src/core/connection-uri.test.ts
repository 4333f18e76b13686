import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { connectionToUri, isValidConnId, parseConnectionUri, type ConnectionParts } from './connection-uri.js';

type Expected = Partial<Omit<ConnectionParts, 'extra'>> & { extra?: Record<string, unknown> | null };

function expectParsed(uri: string, expected: Expected): void {
  const parsed = parseConnectionUri(uri);
  const { extra, ...fields } = expected;
  for (const [field, value] of Object.entries(fields)) {
    assert.deepEqual(parsed[field as keyof ConnectionParts], value, `${uri}: ${field}`);
  }
  if (extra !== undefined) assert.deepEqual(parsed.extra === null ? null : JSON.parse(parsed.extra), extra, `${uri}: extra`);
}

/** Parse, print, parse again: the same connection (Airflow's test_connection_get_uri_from_uri). */
function expectRoundTrip(uri: string): void {
  const first = parseConnectionUri(uri);
  const again = parseConnectionUri(connectionToUri(first));
  assert.deepEqual({ ...again, extra: again.extra && JSON.parse(again.extra) }, { ...first, extra: first.extra && JSON.parse(first.extra) }, uri);
}

// from Airflow: tests/unit/models/test_connection.py::TestConnection::test_parse_from_uri
const PARSE_CASES: [string, Expected][] = [
  ['type://user:pass@host:100/schema', { connType: 'type', host: 'host', login: 'user', password: 'pass', port: 100, schema: 'schema', extra: null }],
  ['type://user:pass@host/schema', { connType: 'type', host: 'host', login: 'user', password: 'pass', port: null, schema: 'schema' }],
  ['type://user:pass@host/schema?param1=val1&param2=val2', { schema: 'schema', extra: { param1: 'val1', param2: 'val2' } }],
  ['type://host', { connType: 'type', host: 'host', login: null, password: null, port: null, schema: '' }],
  [
    'spark://mysparkcluster.com:80?deploy-mode=cluster&spark_binary=command&namespace=kube+namespace',
    { connType: 'spark', host: 'mysparkcluster.com', port: 80, schema: '', extra: { 'deploy-mode': 'cluster', spark_binary: 'command', namespace: 'kube namespace' } },
  ],
  ['spark://k8s://100.68.0.1:443?deploy-mode=cluster', { connType: 'spark', host: 'k8s://100.68.0.1', port: 443, schema: '', extra: { 'deploy-mode': 'cluster' } }],
  ['type://protocol://user:pass@host:123?param=value', { connType: 'type', host: 'protocol://host', login: 'user', password: 'pass', port: 123, extra: { param: 'value' } }],
];

// from Airflow: tests/unit/always/test_connection.py::TestConnection::test_connection_from_uri (test_from_uri_params)
const FROM_URI_CASES: [string, string, Expected][] = [
  ['without extras', 'scheme://user:password@host%2Flocation:1234/schema', { connType: 'scheme', host: 'host/location', schema: 'schema', login: 'user', password: 'password', port: 1234, extra: null }],
  ['with extras', 'scheme://user:password@host%2Flocation:1234/schema?extra1=a%20value&extra2=%2Fpath%2F', { host: 'host/location', extra: { extra1: 'a value', extra2: '/path/' } }],
  [
    'with nested json',
    'scheme://user:password@host%2Flocation:1234/schema?__extra__=%7B%22my_val%22%3A+%5B%22list%22%2C+%22of%22%2C+%22values%22%5D%2C+%22extra%22%3A+%7B%22nested%22%3A+%7B%22json%22%3A+%22val%22%7D%7D%7D',
    { port: 1234, extra: { my_val: ['list', 'of', 'values'], extra: { nested: { json: 'val' } } } },
  ],
  ['with empty extras', 'scheme://user:password@host%2Flocation:1234/schema?extra1=a%20value&extra2=', { extra: { extra1: 'a value', extra2: '' } }],
  ['with colon in hostname', 'scheme://user:password@host%2Flocation%3Ax%3Ay:1234/schema?extra1=a%20value&extra2=%2Fpath%2F', { host: 'host/location:x:y', port: 1234 }],
  ['with encoded password', 'scheme://user:password%20with%20space@host%2Flocation%3Ax%3Ay:1234/schema', { host: 'host/location:x:y', password: 'password with space' }],
  ['with encoded user', 'scheme://domain%2Fuser:password@host%2Flocation%3Ax%3Ay:1234/schema', { login: 'domain/user', password: 'password' }],
  ['with encoded schema', 'scheme://user:password%20with%20space@host:1234/schema%2Ftest', { host: 'host', schema: 'schema/test', password: 'password with space' }],
  ['no schema', 'scheme://user:password%20with%20space@host:1234', { host: 'host', schema: '', port: 1234 }],
  [
    'with underscore',
    'google-cloud-platform://?key_path=%2Fkeys%2Fkey.json&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform&project=airflow',
    {
      connType: 'google_cloud_platform',
      host: '',
      schema: '',
      login: null,
      password: null,
      port: null,
      extra: { key_path: '/keys/key.json', scope: 'https://www.googleapis.com/auth/cloud-platform', project: 'airflow' },
    },
  ],
  ['without auth info', 'scheme://host:1234', { host: 'host', schema: '', login: null, password: null, port: 1234 }],
  ['with path', 'scheme://%2FTmP%2F:1234', { host: '/TmP/', schema: '', login: null, password: null, port: 1234 }],
  ['schema only', 'scheme:///airflow', { connType: 'scheme', schema: 'airflow' }],
  ['port only', 'scheme://@:1234', { connType: 'scheme', port: 1234 }],
  ['password only', 'scheme://:password%2F%21%40%23%24%25%5E%26%2A%28%29%7B%7D@', { password: 'password/!@#$%^&*(){}' }],
  ['login only', 'scheme://login%2F%21%40%23%24%25%5E%26%2A%28%29%7B%7D@', { login: 'login/!@#$%^&*(){}' }],
  // Airflow's extra_dejson also decodes "valid_json" into an object; the stored extra keeps the text.
  [
    'with valid json, invalid json fallback, and empty strings in extras',
    'scheme://host/schema?valid_json=%7B%22key%22%3A%22val%22%7D&invalid_json=just_a_string&empty_val=',
    { host: 'host', schema: 'schema', extra: { valid_json: '{"key":"val"}', invalid_json: 'just_a_string', empty_val: '' } },
  ],
];

// from Airflow: tests/unit/always/test_connection.py::TestConnection::test_connection_from_with_auth_info
const AUTH_INFO_CASES: [string, Expected][] = [
  ['http://:password@host:80/database', { connType: 'http', login: '', password: 'password', host: 'host', port: 80, schema: 'database' }],
  ['http://user:@host:80/database', { connType: 'http', login: 'user', password: null, host: 'host', port: 80, schema: 'database' }],
  ['http://user:password@/database', { connType: 'http', login: 'user', password: 'password', host: '', port: null, schema: 'database' }],
  ['http://user:password@host:80/', { connType: 'http', login: 'user', password: 'password', host: 'host', port: 80, schema: '' }],
  ['http://user:password@/', { connType: 'http', login: 'user', password: 'password', host: '', port: null, schema: '' }],
  [
    'postgresql://user:password@%2Ftmp%2Fz6rqdzqh%2Fexample%3Awest1%3Atestdb/testdb',
    { connType: 'postgres', login: 'user', password: 'password', host: '/tmp/z6rqdzqh/example:west1:testdb', port: null, schema: 'testdb' },
  ],
  [
    'postgresql://user@%2Ftmp%2Fz6rqdzqh%2Fexample%3Aeurope-west1%3Atestdb/testdb',
    { connType: 'postgres', login: 'user', password: null, host: '/tmp/z6rqdzqh/example:europe-west1:testdb', port: null, schema: 'testdb' },
  ],
  ['postgresql://%2Ftmp%2Fz6rqdzqh%2Fexample%3Aeurope-west1%3Atestdb', { connType: 'postgres', login: null, password: null, host: '/tmp/z6rqdzqh/example:europe-west1:testdb', schema: '' }],
  ['spark://k8s%3a%2F%2F100.68.0.1:443?deploy-mode=cluster', { connType: 'spark', login: null, password: null, host: 'k8s://100.68.0.1', port: 443, schema: '' }],
  ['spark://user:password@k8s%3a%2F%2F100.68.0.1:443?deploy-mode=cluster', { login: 'user', password: 'password', host: 'k8s://100.68.0.1', port: 443 }],
  ['spark://user@k8s%3a%2F%2F100.68.0.1:443?deploy-mode=cluster', { login: 'user', password: null, host: 'k8s://100.68.0.1', port: 443 }],
  ['spark://k8s%3a%2F%2Fno.port.com?deploy-mode=cluster', { host: 'k8s://no.port.com', port: null, schema: '' }],
];

test('parses Airflow’s URI cases (models/test_connection.py::test_parse_from_uri)', () => {
  for (const [uri, expected] of PARSE_CASES) expectParsed(uri, expected);
  // from Airflow: tests/unit/models/test_connection.py::test_parse_from_uri (the invalid case)
  assert.throws(
    () => parseConnectionUri('type://user:pass@protocol://host:port?param=value'),
    /^ConnectionUriError: invalid connection URI: a host with its own protocol \(type:\/\/protocol:\/\/host\) takes its login and password after the protocol\. If the login or password holds/,
  );
});

test('parses Airflow’s URI cases (always/test_connection.py::test_connection_from_uri) and round-trips them', () => {
  for (const [name, uri, expected] of FROM_URI_CASES) {
    assert.doesNotThrow(() => expectParsed(uri, expected), name);
    // from Airflow: tests/unit/always/test_connection.py::test_connection_get_uri_from_uri
    expectRoundTrip(uri);
  }
});

test('parses URIs with auth info (always/test_connection.py::test_connection_from_with_auth_info)', () => {
  for (const [uri, expected] of AUTH_INFO_CASES) {
    expectParsed(uri, expected);
    expectRoundTrip(uri);
  }
});

test('prints URIs as Airflow’s get_uri does', () => {
  // from Airflow: tests/unit/models/test_connection.py::TestConnection::test_get_uri
  const extra = JSON.stringify({ param1: 'val1', param2: 'val2' });
  const base = { connType: 'type', login: null, password: null, host: null, port: null, schema: null, extra: null };
  assert.equal(
    connectionToUri({ ...base, login: 'user', password: 'pass', host: 'host', port: 100, schema: 'schema', extra }),
    'type://user:pass@host:100/schema?param1=val1&param2=val2',
  );
  assert.equal(connectionToUri({ ...base, host: 'protocol://host', port: 100, schema: 'schema', extra }), 'type://protocol://host:100/schema?param1=val1&param2=val2');
  assert.equal(
    connectionToUri({ ...base, login: 'user', password: 'pass', host: 'protocol://host', port: 100, schema: 'schema', extra }),
    'type://protocol://user:pass@host:100/schema?param1=val1&param2=val2',
  );
  // Types with `_` are written with `-`; extras that are not flat strings travel as __extra__.
  assert.equal(connectionToUri({ ...base, connType: 'google_cloud_platform', extra: '{"project":"x"}' }), 'google-cloud-platform:///?project=x');
  assert.equal(connectionToUri({ ...base, connType: 'http', host: 'h', extra: '{"retries":3}' }), 'http://h/?__extra__=%7B%22retries%22%3A3%7D');
  assert.equal(connectionToUri({ ...base, connType: 'http', port: 8080 }), 'http://@:8080');
  assert.equal(connectionToUri({ ...base, connType: 'x', login: 'a b', password: 'p@ss/w:rd!' }), 'x://a%20b:p%40ss%2Fw%3Ard%21@');
});

test('a host with its own protocol survives the round trip', () => {
  // from Airflow: tests/unit/models/test_connection.py::TestConnection::test_connection_uri_recovery
  for (const [connType, host] of [
    ['http', 'http://host'],
    ['spark', 'k8s://100.68.0.1:443'],
  ] as const) {
    const recovered = parseConnectionUri(connectionToUri({ connType, host, login: null, password: null, port: null, schema: null }));
    assert.equal(recovered.connType, connType);
    assert.equal(recovered.host, host);
  }
});

test('connection ids: Airflow’s sanitize rule', () => {
  // from Airflow: tests/unit/models/test_connection.py::TestConnection::test_sanitize_conn_id
  assert.equal(isValidConnId('12312312312213___12312321'), true);
  assert.equal(isValidConnId('<script>alert(1)</script>'), false);
  assert.equal(isValidConnId('a_valid_conn_id_!!##'), true);
  assert.equal(isValidConnId('a_-.11'), true);
  assert.equal(isValidConnId(''), false);
  assert.equal(isValidConnId('x'.repeat(251)), false);
});

test('host names are lower-cased unless they hold a path (Python urlsplit)', () => {
  assert.equal(parseConnectionUri('http://MyHost.Example:80').host, 'myhost.example');
  assert.equal(parseConnectionUri('scheme://%2FTmP%2F:1234').host, '/TmP/');
});

test('bad ports are errors', () => {
  assert.throws(() => parseConnectionUri('http://host:abc/x'), /what follows the host's ':' is not a port number\. If the login or password holds/);
  assert.throws(() => parseConnectionUri('http://host:70000/x'), /the port 70000 is out of range 0-65535/);
  // A '#' left unencoded in a password cuts the URI there: the error says what to encode, and never repeats the password.
  assert.throws(
    () => parseConnectionUri('postgres://u:pa#ss@h:5432/db'),
    (error: Error) => /'#' as %23/.test(error.message) && !error.message.includes('pa#ss') && !error.message.includes("'pa'"),
  );
});

test('property: any connection printed then parsed comes back the same', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 12 });
  const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
  fc.assert(
    fc.property(
      word,
      // Lower case: urlsplit lower-cases host names (checked on its own below).
      fc.option(text.map((s) => s.toLowerCase()).filter((s) => s.length > 0 && !s.includes('://') && s === s.toLowerCase()), { nil: null }),
      fc.option(text, { nil: null }),
      fc.option(text.filter((s) => s.length > 0), { nil: null }),
      fc.option(text.filter((s) => s.length > 0), { nil: null }),
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }),
      fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string(), fc.integer())), { nil: null }),
      (connType, host, login, password, schema, port, extraObject) => {
        const conn = { connType, host, login, password, schema, port, extra: extraObject && Object.keys(extraObject).length > 0 ? JSON.stringify(extraObject) : null };
        const back = parseConnectionUri(connectionToUri(conn));
        assert.equal(back.connType, connType);
        assert.equal(back.host, host ?? '');
        // As in Airflow, the login comes back '' or null depending on whether the URI holds an `@`.
        const hasAt = Boolean(login) || password !== null || (!host && port !== null);
        assert.equal(back.login, hasAt ? (login ?? '') : null);
        assert.equal(back.password, password);
        assert.equal(back.schema, schema ?? '');
        assert.equal(back.port, port);
        assert.deepEqual(back.extra === null ? null : JSON.parse(back.extra), conn.extra === null ? null : JSON.parse(conn.extra));
      },
    ),
    { numRuns: 300 },
  );
});
