/**
 * Throughput of the protection layer on the vault import path: per customer, one new DEK, six
 * encrypted fields and four blind indexes — against plain JSON serialisation of the same rows,
 * measured in the same run (DESIGN §8). Also the read path: decrypting six fields with the DEK
 * cached and with every DEK unwrapped afresh.
 *
 * Run: `node --import tsx bench/protect.bench.ts [customers-per-pass]`
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { BlindIndex } from '../src/protect/blind-index.ts';
import { FieldCipher } from '../src/protect/field-cipher.ts';
import { KeyRing, type DataKeyRecord } from '../src/protect/key-ring.ts';

/** A synthetic customer row; values are generated, not real people's. */
interface Row {
  customerId: string;
  name: string;
  birthDate: string;
  phone: string;
  idNumber: string;
  email: string;
  address: string;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '洋'];

function rows(n: number): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    const birthDate = `${1950 + (i % 50)}-${month}-${day}`;
    out.push({
      customerId: `C${String(i).padStart(8, '0')}`,
      name: SURNAMES[i % 10]! + GIVEN[(i >> 3) % 10]!,
      birthDate,
      phone: `139${String(i * 7919)
        .padStart(8, '0')
        .slice(-8)}`,
      idNumber: `110101${birthDate.replaceAll('-', '')}${String(i % 1000).padStart(3, '0')}X`,
      email: `user${i}@example.cn`,
      address: `北京市东城区东华门街道${i % 200}号${i % 30}单元`,
    });
  }
  return out;
}

interface Measure {
  name: string;
  /** Median customers per wall-clock second over the passes. */
  perSecond: number;
  /**
   * Median customers per second of this process's CPU time (user + system). On a machine shared
   * with other work, wall-clock rates fall with the load; CPU-time rates show what one core does.
   */
  perCpuSecond: number;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(name: string, passes: number, customers: number, pass: () => void): Measure {
  pass(); // warm-up: JIT, caches, pools
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < passes; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    pass();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const used = process.cpuUsage(c0);
    wall.push(customers / seconds);
    cpu.push(customers / ((used.user + used.system) / 1e6));
  }
  return { name, perSecond: median(wall), perCpuSecond: median(cpu) };
}

/**
 * Runs the benchmark and returns customers/s for each case.
 *
 * @example
 * const results = await benchProtect(20_000);
 */
export async function benchProtect(customers = 20_000, passes = 5): Promise<Measure[]> {
  const master = randomBytes(32);
  const provider = { getMasterKey: () => Promise.resolve(master) };
  const { ring, records } = await KeyRing.initialise(provider, { cacheSize: customers });
  const cipher = new FieldCipher(ring);
  const index = BlindIndex.fromKeyRing(ring);
  const data = rows(customers);
  let sink = 0;

  const json = measure('JSON.stringify (baseline)', passes, customers, () => {
    for (const r of data) sink += JSON.stringify(r).length;
  });

  const stored: { key: DataKeyRecord; fields: Buffer[] }[] = [];
  const protect = measure('new DEK + 6 fields + 4 blind indexes', passes, customers, () => {
    stored.length = 0;
    for (const r of data) {
      const key = ring.createDataKey(r.customerId);
      const fields = [
        cipher.encrypt(key, 'name', r.name),
        cipher.encrypt(key, 'birth_date', r.birthDate),
        cipher.encrypt(key, 'phone', r.phone),
        cipher.encrypt(key, 'id_number', r.idNumber),
        cipher.encrypt(key, 'email', r.email),
        cipher.encrypt(key, 'address', r.address),
      ];
      sink += index.compute('phone', r.phone).length;
      sink += index.compute('id_number', r.idNumber).length;
      sink += index.compute('email', r.email).length;
      sink += index.nameAndBirthDate(r.name, r.birthDate).length;
      stored.push({ key, fields });
    }
  });

  const FIELDS = ['name', 'birth_date', 'phone', 'id_number', 'email', 'address'];
  // Record format (0x02, what the vault writes now): one AES-GCM operation per customer.
  const records2: { key: DataKeyRecord; fields: (Buffer | null)[] }[] = [];
  const protectRecord = measure(
    'new DEK + record of 6 fields + 4 blind idx',
    passes,
    customers,
    () => {
      records2.length = 0;
      for (const r of data) {
        const key = ring.createDataKey(r.customerId);
        const fields = cipher.encryptRecord(key, FIELDS, [
          r.name,
          r.birthDate,
          r.phone,
          r.idNumber,
          r.email,
          r.address,
        ]);
        sink += index.compute('phone', r.phone).length;
        sink += index.compute('id_number', r.idNumber).length;
        sink += index.compute('email', r.email).length;
        sink += index.nameAndBirthDate(r.name, r.birthDate).length;
        records2.push({ key, fields });
      }
    },
  );
  const all = FIELDS.map(() => true);
  const warmRecord = measure('decrypt record of 6 fields, DEK cached', passes, customers, () => {
    for (const s of records2) sink += cipher.decryptRecord(s.key, FIELDS, s.fields, all).length;
  });
  const decrypt = (c: FieldCipher) => (): void => {
    for (const s of stored) {
      for (let f = 0; f < FIELDS.length; f++) {
        sink += c.decrypt(s.key, FIELDS[f]!, s.fields[f]!).length;
      }
    }
  };
  const warm = measure('decrypt 6 fields, DEK cached', passes, customers, decrypt(cipher));
  const coldRing = await KeyRing.open(provider, records, { cacheSize: 0 });
  const cold = measure(
    'decrypt 6 fields, DEK unwrapped each time',
    passes,
    customers,
    decrypt(new FieldCipher(coldRing)),
  );
  if (sink === -1) console.log(sink);
  return [json, protect, protectRecord, warm, warmRecord, cold];
}

async function main(): Promise<void> {
  const customers = Number(process.argv[2] ?? 20_000);
  const results = await benchProtect(customers);
  const baseline = results[0]!;
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(10);
  console.log(
    `protect bench: ${customers} customers/pass, 5 passes, node ${process.version}, ` +
      `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`,
  );
  console.log(
    `${'case'.padEnd(42)}${'wall/s'.padStart(10)}${'CPU/s'.padStart(11)}  CPU time vs JSON`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(42)}${fmt(r.perSecond)} ${fmt(r.perCpuSecond)}  ` +
        `${(baseline.perCpuSecond / r.perCpuSecond).toFixed(1)}×`,
    );
  }
  console.log(
    'target (issue 4): vault import ≥ 20,000 customers/s with encryption and blind indexes',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
