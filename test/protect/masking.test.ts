import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hashValue,
  keep,
  maskAddress,
  maskBankCard,
  maskBirthDate,
  maskByType,
  maskEmail,
  maskGeneric,
  maskIpAddress,
  maskName,
  maskPhone,
  maskResidentId,
  nullify,
  redact,
  REDACTED,
} from '../../src/protect/masking.ts';

test('phone: 138****5678, separators and prefixes kept', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('138-1234-5678'), '138-****-5678');
  assert.equal(maskPhone('+86 138 1234 5678'), '+86 138 **** 5678');
  assert.equal(maskPhone('008613812345678'), '0086138****5678');
  assert.equal(maskPhone('１３８１２３４５６７８'), '１３８****５６７８');
});

test('resident ID keeps region and last 4; bank card first 6 and last 4', () => {
  assert.equal(maskResidentId('110101199003071234'), '110101********1234');
  assert.equal(maskResidentId('11010519491231002X'), '110105********002X');
  assert.equal(maskBankCard('6222021234567890123'), '622202*********0123');
  assert.equal(maskBankCard('6222 0212 3456 7890'), '6222 02** **** 7890');
});

test('names keep the surname (compound ones whole) and hide the length', () => {
  assert.equal(maskName('张三'), '张**');
  assert.equal(maskName('张三丰'), '张**');
  assert.equal(maskName('欧阳娜娜'), '欧阳**');
  assert.equal(maskName('John Smith'), 'J*** S***');
  assert.equal(maskName('张'), '*');
});

test('e-mail, address to district, birth date to year, IP network part', () => {
  assert.equal(maskEmail('zhangwei@example.com'), 'z***@example.com');
  assert.equal(maskAddress('北京市朝阳区建国路88号'), '北京市朝阳区***');
  assert.equal(maskAddress('广东省深圳市南山区科技园1栋'), '广东省深圳市南山区***');
  assert.equal(maskAddress('浙江省杭州市'), '浙江省杭州市');
  assert.equal(maskBirthDate('1990-03-07'), '1990');
  assert.equal(maskBirthDate('1990年3月7日'), '1990');
  assert.equal(maskIpAddress('192.168.1.23'), '192.168.*.*');
  assert.equal(maskGeneric('E12345678'), 'E1*****78');
  assert.equal(maskGeneric('abc'), '***');
});

test('keep, redact, null and keyed hash', () => {
  assert.equal(keep('张三'), '张三');
  assert.equal(redact('张三'), REDACTED);
  assert.equal(nullify('张三'), null);
  const key = Buffer.alloc(32, 7);
  const h = hashValue('13812345678', key);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(h, hashValue('13812345678', key));
  assert.notEqual(h, hashValue('13812345678', Buffer.alloc(32, 8)));
  assert.notEqual(h, hashValue('13812345679', key));
  assert.throws(() => hashValue('x', Buffer.alloc(4)));
});

test('maskByType never returns the value unchanged for a value of that type', () => {
  const samples: [Parameters<typeof maskByType>[0], string][] = [
    ['PHONE_NUMBER', '13812345678'],
    ['CN_RESIDENT_ID', '110101199003074477'],
    ['BANK_CARD', '6222021234567890123'],
    ['EMAIL_ADDRESS', 'zhangwei@example.com'],
    ['CN_USCC', '91350100M000100Y43'],
    ['PASSPORT', 'E12345678'],
    ['CN_HMT_PERMIT', 'C12345678'],
    ['PERSON_NAME', '张三丰'],
    ['ADDRESS', '北京市朝阳区建国路88号'],
    ['DATE_OF_BIRTH', '1990-03-07'],
    ['IP_ADDRESS', '10.1.2.3'],
    ['LICENSE_PLATE', '京A12345'],
    ['QQ_NUMBER', '12345678'],
    ['WECHAT_ID', 'wxid_abc123'],
  ];
  for (const [type, value] of samples) {
    const masked = maskByType(type, value);
    assert.notEqual(masked, value, type);
    assert.ok(masked.includes('*') || masked.length < value.length, type);
  }
});
