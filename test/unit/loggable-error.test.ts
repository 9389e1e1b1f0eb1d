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
