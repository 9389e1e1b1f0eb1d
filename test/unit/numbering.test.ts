import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumberSymbol } from '../../src/kernel/documents/numbering.ts';
import { parseWrittenDate } from '../../src/kernel/documents/dates.ts';

test('parses the four number/symbol patterns of ND 30/2020 and Party rules', () => {
  assert.deepEqual(parseNumberSymbol('1100/QĐ-UBND'), {
    pattern: 'typed',
    number: 1100,
    year: null,
    type: 'QĐ',
    issuer: 'UBND',
    unit: null,
  });
  assert.deepEqual(parseNumberSymbol('3340/UBND-NC'), {
    pattern: 'letter',
    number: 3340,
    year: null,
    type: 'CV',
    issuer: 'UBND',
    unit: 'NC',
  });
  assert.deepEqual(parseNumberSymbol('55/2021/QĐ-UBND'), {
    pattern: 'legal',
    number: 55,
    year: 2021,
    type: 'QĐ',
    issuer: 'UBND',
    unit: null,
  });
  assert.deepEqual(parseNumberSymbol('306-QĐ/TU'), {
    pattern: 'party',
    number: 306,
    year: null,
    type: 'QĐ',
    issuer: 'TU',
    unit: null,
  });
});

test('other symbols from the seed', () => {
  assert.equal(parseNumberSymbol('2152/KH-VP')?.type, 'KH');
  assert.equal(parseNumberSymbol('1458/TTr-VP')?.type, 'TTr');
  assert.equal(parseNumberSymbol('02/QĐ-VP')?.number, 2);
  assert.deepEqual(parseNumberSymbol('5614/BNV-VTLTNN'), {
    pattern: 'letter',
    number: 5614,
    year: null,
    type: 'CV',
    issuer: 'BNV',
    unit: 'VTLTNN',
  });
  assert.equal(parseNumberSymbol('26/2015/NĐ-CP')?.type, 'NĐ');
  assert.equal(parseNumberSymbol('869-CV/TU')?.type, 'CV');
  // decomposed input is normalised to NFC
  assert.equal(parseNumberSymbol('1100/QĐ-UBND'.normalize('NFD'))?.type, 'QĐ');
});

test('rejects text that follows no pattern', () => {
  for (const s of ['', 'abc', '1100', '/QĐ-UBND', '1100/QĐ', 'QĐ-UBND/1100', '12/2021/QĐ'])
    assert.equal(parseNumberSymbol(s), null, s);
});

test('written dates: real ones parse, impossible ones are null', () => {
  assert.deepEqual(parseWrittenDate('12/11/2021'), { iso: '2021-11-12', recognised: true });
  assert.deepEqual(parseWrittenDate('2022-09-15'), { iso: '2022-09-15', recognised: true });
  assert.deepEqual(parseWrittenDate('31/4/2019'), { iso: null, recognised: true });
  assert.deepEqual(parseWrittenDate('29/02/2023'), { iso: null, recognised: true });
  assert.deepEqual(parseWrittenDate('29/02/2024'), { iso: '2024-02-29', recognised: true });
  assert.deepEqual(parseWrittenDate('tháng 9'), { iso: null, recognised: false });
});
