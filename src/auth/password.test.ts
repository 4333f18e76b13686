import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, randomPassword, verifyPassword } from './password.js';

const FAST = { N: 2 ** 10, r: 8, p: 1 }; // keeps the suite fast; the format is the same

test('a hash verifies its own password and no other', async () => {
  const stored = await hashPassword('correct horse battery staple', FAST);
  assert.match(stored, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
  assert.equal(await verifyPassword('correct horse battery staple', stored), true);
  assert.equal(await verifyPassword('correct horse battery stapler', stored), false);
  assert.equal(await verifyPassword('', stored), false);
});

test('each hash has its own salt', async () => {
  const a = await hashPassword('same', FAST);
  const b = await hashPassword('same', FAST);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword('same', a), true);
  assert.equal(await verifyPassword('same', b), true);
});

test('the default parameters are used and recorded in the hash', async () => {
  const stored = await hashPassword('pw');
  assert.ok(stored.startsWith(`scrypt$${DEFAULT_SCRYPT_PARAMS.N}$${DEFAULT_SCRYPT_PARAMS.r}$${DEFAULT_SCRYPT_PARAMS.p}$`));
  assert.equal(await verifyPassword('pw', stored), true);
  assert.equal(needsRehash(stored), false);
  assert.equal(needsRehash(await hashPassword('pw', FAST)), true);
});

test('unicode passwords are compared in one normal form', async () => {
  const stored = await hashPassword('caf\u00e9', FAST);
  assert.equal(await verifyPassword('cafe\u0301', stored), true);
});

test('malformed or tampered hashes never verify (and never allocate absurd memory)', async () => {
  const good = await hashPassword('pw', FAST);
  const [, , r, p, salt, hash] = good.split('$');
  for (const bad of [
    '',
    'pw',
    'bcrypt$1024$8$1$c2FsdA==$aGFzaA==',
    `scrypt$1000$${r}$${p}$${salt}$${hash}`, // N not a power of two
    `scrypt$${2 ** 30}$${r}$${p}$${salt}$${hash}`, // N far too large
    `scrypt$1024$0$${p}$${salt}$${hash}`,
    `scrypt$1024$${r}$${p}$$${hash}`,
    `scrypt$1024$${r}$${p}$${salt}$c2hvcnQ=`, // hash too short
    `scrypt$1024$${r}$${p}$${salt}`,
  ]) {
    assert.equal(await verifyPassword('pw', bad), false, bad);
  }
  const flipped = good.slice(0, -3) + (good.at(-3) === 'A' ? 'B' : 'A') + good.slice(-2);
  assert.equal(await verifyPassword('pw', flipped), false);
});

test('empty passwords are refused; random passwords are long and distinct', async () => {
  await assert.rejects(hashPassword('', FAST), /empty/);
  const a = randomPassword();
  assert.equal(a.length, 20);
  assert.match(a, /^[A-Za-z0-9_-]+$/);
  assert.notEqual(a, randomPassword());
});
