import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumber } from 'awesome-phonenumber';
import { CN_AREA_CODES, isListedCnAreaCode } from '../../../src/detect/validators/cn-area-codes.ts';

/** The question cn-landline.ts used to ask libphonenumber for every code it met. */
function libphonenumberSays(area: string): boolean {
  return ['2345678', '23456789', '62345678', '87654321'].some((local) => {
    const parsed = parsePhoneNumber(area + local, { regionCode: 'CN' });
    return parsed.valid && parsed.type === 'fixed-line';
  });
}

test('the area-code table is what the installed libphonenumber says, code for code', () => {
  const derived: string[] = [];
  for (let a = 10; a <= 29; a++) if (libphonenumberSays(`0${a}`)) derived.push(`0${a}`);
  for (let a = 300; a <= 999; a++) if (libphonenumberSays(`0${a}`)) derived.push(`0${a}`);
  assert.deepEqual([...CN_AREA_CODES], derived);
  for (const code of derived) assert.ok(isListedCnAreaCode(code), code);
});

test('codes outside the table and malformed strings are rejected', () => {
  assert.equal(isListedCnAreaCode('0600'), false);
  assert.equal(isListedCnAreaCode('026'), false);
  assert.equal(isListedCnAreaCode('755'), false);
  assert.equal(isListedCnAreaCode('07555'), false);
  assert.equal(isListedCnAreaCode('07a5'), false);
  assert.ok(isListedCnAreaCode('0755'));
  assert.ok(isListedCnAreaCode('010'));
});
