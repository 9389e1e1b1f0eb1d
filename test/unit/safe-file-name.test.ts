import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeFileName } from '../../src/modules/dossiers/uploads.ts';

test('client file names lose directories, control, bidi-override and non-character code points', () => {
  assert.equal(safeFileName('a\u0000b.pdf'), 'ab.pdf');
  assert.equal(safeFileName('../../etc/pa\u202esswd\u0000.pdf'), 'passwd.pdf');
  assert.equal(safeFileName('C:\\Users\\x\\Tờ khai.pdf'), 'Tờ khai.pdf');
  assert.equal(safeFileName('To\u0302\u0300 khai.pdf'), 'Tồ khai.pdf'.normalize('NFC'));
  assert.equal(safeFileName('x\uffff\ufffe.png'), 'x.png');
  assert.equal(safeFileName('\ud800lone.pdf'), 'lone.pdf');
  assert.equal(safeFileName('ảnh 😀.jpg'), 'ảnh 😀.jpg');
  assert.equal(safeFileName('..'), 'file');
  assert.equal(safeFileName(''), 'file');
  assert.equal(safeFileName(undefined), 'file');
  assert.equal(Array.from(safeFileName('😀'.repeat(300))).length, 255);
});
