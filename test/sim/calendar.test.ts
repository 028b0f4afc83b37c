import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  addMonths,
  dayKind,
  holidayName,
  isHoliday,
  isWorkday,
} from '../../src/sim/calendar.ts';

test('official 2025 and 2026 schedules, with make-up workdays (调休)', () => {
  // 2025 春节: 1月28日–2月4日 off; 1月26日 (Sun) and 2月8日 (Sat) worked.
  for (const d of ['2025-01-28', '2025-01-31', '2025-02-04']) assert.equal(holidayName(d), '春节');
  assert.equal(dayKind('2025-01-26'), 'workday');
  assert.equal(dayKind('2025-02-08'), 'workday');
  assert.equal(dayKind('2025-02-05'), 'workday');
  // 2025 国庆节、中秋节: 10月1日–8日; 9月28日 (Sun) and 10月11日 (Sat) worked.
  assert.ok(isHoliday('2025-10-08'));
  assert.ok(isWorkday('2025-09-28') && isWorkday('2025-10-11'));
  // 2026 春节: 2月15日–23日 off, 2月14日 and 2月28日 worked; 元旦 1月1–3日, 1月4日 worked.
  assert.ok(isHoliday('2026-02-15') && isHoliday('2026-02-23') && !isHoliday('2026-02-24'));
  assert.ok(isWorkday('2026-02-14') && isWorkday('2026-02-28') && isWorkday('2026-01-04'));
  assert.equal(holidayName('2026-09-26'), '中秋节');
  assert.ok(isWorkday('2026-09-20') && isWorkday('2026-10-10'));
});

test('ordinary weekends and weekdays', () => {
  assert.equal(dayKind('2025-03-08'), 'weekend');
  assert.equal(dayKind('2025-03-10'), 'workday');
  assert.equal(dayKind('2024-06-01'), 'weekend');
  let holidays2025 = 0;
  for (let d = '2025-01-01'; d < '2026-01-01'; d = addDays(d, 1)) if (isHoliday(d)) holidays2025++;
  // 元旦 1 + 春节 8 + 清明 3 + 劳动节 5 + 端午 3 + 国庆中秋 8.
  assert.equal(holidays2025, 28);
});

test('date arithmetic', () => {
  assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
  assert.equal(addMonths('2025-01-01', 18), '2026-07-01');
});
