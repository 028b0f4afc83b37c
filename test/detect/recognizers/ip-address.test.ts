import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import { ipAddressRecognizer } from '../../../src/detect/recognizers/ip-address.ts';

const registry = new RecognizerRegistry([ipAddressRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);

test('IPv4 and IPv6 addresses', () => {
  const cases: [string, string[]][] = [
    ['登录IP：192.168.1.100', ['192.168.1.100']],
    ['来自 8.8.8.8 的访问', ['8.8.8.8']],
    ['255.255.255.0', ['255.255.255.0']],
    ['ｉｐ：１０．０．０．１', ['１０．０．０．１']],
    ['addr 2001:db8::8a2e:370:7334.', ['2001:db8::8a2e:370:7334']],
    ['IPv6 fe80::1ff:fe23:4567:890a 登录', ['fe80::1ff:fe23:4567:890a']],
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', ['2001:0db8:85a3:0000:0000:8a2e:0370:7334']],
    ['::ffff:192.0.2.128', ['::ffff:192.0.2.128']],
    ['服务器10.1.2.3、10.1.2.4', ['10.1.2.3', '10.1.2.4']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('negatives: versions, out-of-range octets, longer dotted numbers, times, MACs', () => {
  const bad = [
    'v1.2.3.4',
    '版本 1.2.3.4',
    'version 10.0.19041.1',
    '256.1.1.1',
    '1.2.3',
    '1.3.6.1.4.1',
    '01.02.03.04',
    '12:30:45',
    '00:1A:2B:3C:4D:5E',
    '2023-01-01 12:30:45',
    '比分 3:2:1',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});
