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

test('an IPv6 address after a label colon, full-width or not', () => {
  const cases: [string, string[]][] = [
    ['登录IP：2409:8a00:1c2d::5e', ['2409:8a00:1c2d::5e']],
    ['IP:240e:1:2:3::4 登录', ['240e:1:2:3::4']],
    ['来源IP：fe80::1（内网）', ['fe80::1']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('network blocks, router defaults and firmware versions are not addresses of a user', () => {
  const bad = [
    '封禁源地址段 203.0.113.0/24',
    '放行 10.8.0.0/16 网段',
    '路由器后台进不去 192.168.1.1 打不开',
    'router admin page: 192.168.0.1',
    '内核升级至 4.1.74.206',
    'firmware 2.0.1.8',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
  // A host with its prefix length, and a user's own LAN address, are addresses.
  assert.deepEqual(found('网卡地址 10.8.3.7/24'), ['10.8.3.7']);
  assert.deepEqual(found('你电脑IP是 192.168.1.23'), ['192.168.1.23']);
  assert.deepEqual(found('登录IP 192.168.1.1'), ['192.168.1.1']);
});
