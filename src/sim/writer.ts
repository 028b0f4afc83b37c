/**
 * `writeOrganisation`: the organisation as the files of DESIGN §5.3 — customers.csv (Chinese
 * headers, UTF-8 with BOM as Excel writes it, or GB18030), staff.csv, events.jsonl streamed day
 * by day, complaints.jsonl, leaks/*.csv and truth.json.
 *
 * Files are written under temporary names and renamed at the end, so an interrupted run leaves
 * no file that looks complete.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { csvLine } from './csv-text.ts';
import { EventBuffer } from './event-buffer.ts';
import { startSimulation } from './event-stream.ts';
import type { SimFiles, SimOrganisation, WriteOptions } from './types.ts';

/** Customer file headers, in order, and the field each holds. */
export const CUSTOMER_COLUMNS = [
  ['客户编号', 'customer_id'],
  ['姓名', 'name'],
  ['性别', 'gender'],
  ['出生日期', 'birth_date'],
  ['手机', 'phone'],
  ['身份证号', 'id_number'],
  ['地址', 'address'],
  ['邮箱', 'email'],
  ['险种', 'product'],
  ['保费', 'premium'],
  ['起保日期', 'start_date'],
  ['负责人', 'agent'],
  ['机构', 'branch'],
] as const;

/** Staff file headers (DESIGN §5.3 Chinese names), in order. */
export const STAFF_COLUMNS = [
  ['员工编号', 'staff_id'],
  ['岗位', 'role_raw'],
  ['机构', 'branch'],
  ['团队', 'team'],
  ['入职日期', 'start_date'],
  ['离职日期', 'end_date'],
] as const;

const BOM = '\ufeff';

/** Buffered writes to a stream, waiting for it to drain so memory stays flat. */
class Sink {
  readonly #stream: WriteStream;
  readonly #encoding: 'utf-8' | 'gb18030';
  #parts: string[] = [];
  #size = 0;

  constructor(path: string, encoding: 'utf-8' | 'gb18030' = 'utf-8') {
    this.#stream = createWriteStream(path);
    this.#encoding = encoding;
  }

  async write(s: string): Promise<void> {
    this.#parts.push(s);
    this.#size += s.length;
    if (this.#size >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const text = this.#parts.join('');
    this.#parts = [];
    this.#size = 0;
    const bytes =
      this.#encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    if (!this.#stream.write(bytes)) await new Promise<void>((ok) => this.#stream.once('drain', ok));
  }

  /** Writes bytes as they are (after anything buffered). */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    if (!this.#stream.write(bytes)) await new Promise<void>((ok) => this.#stream.once('drain', ok));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((ok, fail) => {
      this.#stream.once('error', fail);
      this.#stream.end(ok);
    });
  }
}

/**
 * Writes the organisation's files into `dir` (created if missing) and returns their paths.
 *
 * @example
 * const files = await writeOrganisation(createOrganisation({ seed: 3 }), 'out/sim');
 * files.eventCount // ≈ 1.5 million for the defaults
 */
export async function writeOrganisation(
  org: SimOrganisation,
  dir: string,
  options: WriteOptions = {},
): Promise<SimFiles> {
  const root = resolve(dir);
  await mkdir(join(root, 'leaks'), { recursive: true });
  const encoding = options.encoding ?? 'utf-8';
  const tmp = (name: string): string => join(root, `.${name.replace('/', '_')}.partial`);
  const finals: [string, string][] = [];
  const track = (name: string): string => {
    finals.push([tmp(name), join(root, name)]);
    return tmp(name);
  };
  try {
    // customers.csv
    const customers = new Sink(track('customers.csv'), encoding);
    await customers.write(
      (encoding === 'utf-8' ? BOM : '') + csvLine(CUSTOMER_COLUMNS.map(([h]) => h)),
    );
    for (let i = 0; i < org.customerCount; i++) {
      const c = org.customerAt(i) as unknown as Record<string, string | undefined>;
      await customers.write(csvLine(CUSTOMER_COLUMNS.map(([, f]) => c[f] ?? '')));
    }
    await customers.close();

    // staff.csv
    const staffText =
      (encoding === 'utf-8' ? BOM : '') +
      csvLine(STAFF_COLUMNS.map(([h]) => h)) +
      org.staff
        .map((s) =>
          csvLine(
            STAFF_COLUMNS.map(
              ([, f]) => (s as unknown as Record<string, string | undefined>)[f] ?? '',
            ),
          ),
        )
        .join('');
    await writeFile(
      track('staff.csv'),
      encoding === 'gb18030' ? iconv.encode(staffText, 'gb18030') : staffText,
    );

    // events.jsonl, day by day
    const { sim, labels, o } = startSimulation(org);
    const events = new Sink(track('events.jsonl'));
    const buffer = new EventBuffer();
    let eventCount = 0;
    for (let d = 0; d < o.days.length; d++) {
      buffer.clear();
      sim.simulate(d, buffer);
      buffer.sort();
      await events.writeBytes(buffer.toJsonBytes(o.days[d]!, labels(d)));
      eventCount += buffer.length;
      options.onDay?.(d, o.days.length, eventCount);
    }
    await events.close();

    // complaints, leaks, truth
    await writeFile(
      track('complaints.jsonl'),
      org.complaints.map((c) => JSON.stringify(c) + '\n').join(''),
    );
    const leakPaths: string[] = [];
    for (const leak of org.leaks) {
      const text = BOM + csvLine(leak.headers) + leak.rows.map((row) => csvLine(row)).join('');
      await writeFile(track(leak.truth.file), text);
      leakPaths.push(join(root, leak.truth.file));
    }
    await writeFile(track('truth.json'), JSON.stringify(org.truth, null, 2) + '\n');

    for (const [from, to] of finals) await rename(from, to);
    return {
      dir: root,
      customers: join(root, 'customers.csv'),
      staff: join(root, 'staff.csv'),
      events: join(root, 'events.jsonl'),
      complaints: join(root, 'complaints.jsonl'),
      leaks: leakPaths,
      truth: join(root, 'truth.json'),
      eventCount,
    };
  } catch (err) {
    for (const [from] of finals) await rm(from, { force: true });
    throw err;
  }
}
