import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DrizzleQueryError } from 'drizzle-orm';
import { loggableError } from '../../src/server/errors.ts';

test('a failed query is logged without its parameters nor the values the database quotes', () => {
  const cause = Object.assign(new Error('invalid input syntax for type uuid: "Nguyễn Thị Tố Cáo"'), {
    code: '22P02',
    detail: 'Key (id_number)=(051234567890) already exists.',
  });
  const err = new DrizzleQueryError(
    'insert into "party_identities" ("name", "id_number")\nvalues ($1, $2)',
    ['Nguyễn Thị Tố Cáo', '051234567890'],
    cause,
  );
  const logged = JSON.stringify(loggableError(err));
  assert.ok(!logged.includes('Tố Cáo'), logged);
  assert.ok(!logged.includes('051234567890'), logged);
  assert.match(logged, /party_identities/);
  assert.match(logged, /22P02/);
  // the unchanged error would have leaked both
  assert.ok(String(err.message).includes('051234567890'));
});

test('other errors keep their message and stack', () => {
  const logged = loggableError(new TypeError('x is undefined'));
  assert.equal(logged.type, 'TypeError');
  assert.equal(logged.message, 'x is undefined');
  assert.match(String(logged.stack), /loggable-error/);
});

test('a deadlock or serialisation failure between concurrent writers is a 409, not a 500', async () => {
  const { default: Fastify } = await import('fastify');
  const { DrizzleQueryError: QueryError } = await import('drizzle-orm');
  const { errorHandler } = await import('../../src/server/errors.ts');
  const app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler(app));
  app.get('/deadlock', async () => {
    throw new QueryError('update x', [], Object.assign(new Error('deadlock detected'), { code: '40P01' }));
  });
  app.get('/serialization', async () => {
    throw Object.assign(new Error('could not serialize access'), { code: '40001' });
  });
  app.get('/bug', async () => {
    throw new TypeError('boom');
  });
  for (const path of ['/deadlock', '/serialization']) {
    const r = await app.inject({ method: 'GET', url: path });
    assert.equal(r.statusCode, 409, path);
    assert.equal(r.json().error.code, 'concurrent_update');
  }
  assert.equal((await app.inject({ method: 'GET', url: '/bug' })).statusCode, 500);
  await app.close();
});
