/**
 * Reads a staff file (DESIGN §5.3): CSV in UTF-8 or GB18030/GBK, headers in English
 * (`staff_id, role, branch, team, start_date, end_date`) or Chinese (员工编号, 岗位, 机构, 团队,
 * 入职日期, 离职日期), in any order. Free-text roles are mapped to policy roles through the
 * policy's `match` lists. Any bad row stops the read with `FILE:LINE: problem` (values never
 * quoted: a role text is not PI, but names might be typed into any column).
 */
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/errors.ts';
import { decodeBuffer } from '../detect/decode/text-decoder.ts';
import { sniffDelimiter } from '../detect/readers/csv-tokenizer.ts';
import { roleForStaffRole, type Policy } from './policy/policy.ts';
import type { StaffMember } from './staff-member.ts';

type StaffColumn = 'staff_id' | 'role' | 'branch' | 'team' | 'start_date' | 'end_date';

const HEADERS: Readonly<Record<string, StaffColumn>> = {
  staff_id: 'staff_id',
  staffid: 'staff_id',
  employee_id: 'staff_id',
  id: 'staff_id',
  员工编号: 'staff_id',
  工号: 'staff_id',
  员工号: 'staff_id',
  role: 'role',
  position: 'role',
  岗位: 'role',
  职位: 'role',
  branch: 'branch',
  机构: 'branch',
  分支机构: 'branch',
  分公司: 'branch',
  team: 'team',
  团队: 'team',
  组别: 'team',
  start_date: 'start_date',
  入职日期: 'start_date',
  end_date: 'end_date',
  离职日期: 'end_date',
};

const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

/** `YYYY-MM-DD` of a written date, or undefined when it is not a calendar date. */
function normaliseDate(text: string): string | undefined {
  const m = DATE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Parses a staff file's bytes; `file` names it in messages.
 *
 * @example
 * const members = parseStaffFile(readFileSync('staff.csv'), 'staff.csv', policy);
 */
export function parseStaffFile(bytes: Buffer, file: string, policy: Policy): StaffMember[] {
  const decoded = decodeBuffer(bytes);
  if (decoded.kind === 'binary') {
    throw new InputError(`not a text (CSV) file: ${decoded.reason}`, { file });
  }
  const text = decoded.text;
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(firstLine),
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new InputError(
      `CSV: ${(err as Error).message.split('\n')[0]!.replace(/(:| on line ).*$/, '')}`,
      {
        file,
        ...(typeof line === 'number' ? { line } : {}),
      },
    );
  }
  if (records.length === 0) throw new InputError('empty file: a header row is needed', { file });
  const header = records[0]!;
  const columns = new Map<StaffColumn, number>();
  header.record.forEach((h, i) => {
    const column = HEADERS[h.trim().toLowerCase().replace(/\s+/g, '_')];
    if (column === undefined) return; // unknown columns are ignored
    if (columns.has(column)) {
      throw new InputError(`column ${column} appears twice in the header`, {
        file,
        line: header.info.lines,
      });
    }
    columns.set(column, i);
  });
  for (const required of ['staff_id', 'role'] as const) {
    if (!columns.has(required)) {
      throw new InputError(
        `the header has no ${required} column (${required === 'role' ? '岗位' : '员工编号'})`,
        { file, line: header.info.lines },
      );
    }
  }
  const seen = new Set<string>();
  const members: StaffMember[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (c: StaffColumn): string | null => {
      const i = columns.get(c);
      const v = i === undefined ? '' : (record[i] ?? '').trim();
      return v === '' ? null : v;
    };
    const staffId = cell('staff_id');
    if (staffId === null) throw new InputError('staff_id is empty', { file, line });
    if (seen.has(staffId)) {
      throw new InputError(`staff ${staffId} appears twice in the file`, { file, line });
    }
    seen.add(staffId);
    const roleRaw = cell('role');
    if (roleRaw === null) throw new InputError(`staff ${staffId}: role is empty`, { file, line });
    const role = roleForStaffRole(policy, roleRaw);
    if (role === undefined) {
      throw new InputError(
        `staff ${staffId}: role "${roleRaw}" matches no policy role (add it to a role's match list in ${policy.source})`,
        { file, line },
      );
    }
    const dates: Record<'start_date' | 'end_date', string | null> = {
      start_date: null,
      end_date: null,
    };
    for (const c of ['start_date', 'end_date'] as const) {
      const raw = cell(c);
      if (raw === null) continue;
      const d = normaliseDate(raw);
      if (d === undefined) {
        throw new InputError(`staff ${staffId}: ${c} is not a date (YYYY-MM-DD)`, { file, line });
      }
      dates[c] = d;
    }
    if (dates.start_date && dates.end_date && dates.end_date < dates.start_date) {
      throw new InputError(`staff ${staffId}: end_date is before start_date`, { file, line });
    }
    members.push({
      staffId,
      role,
      roleRaw,
      branch: cell('branch'),
      team: cell('team'),
      startDate: dates.start_date,
      endDate: dates.end_date,
    });
  }
  return members;
}
