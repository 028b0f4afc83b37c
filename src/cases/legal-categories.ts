/**
 * The categories of personal information in 法释〔2017〕10号 (SPC/SPP interpretation on the crime
 * of infringing citizens' personal information), art. 5, their quantity thresholds, and the
 * configurable mapping from piguard's customer fields to those categories.
 *
 * Art. 5 (三): 行踪轨迹、通信内容、征信、财产信息 ≥ 50 records; (四): 住宿、通信记录、健康生理、
 * 交易信息等 ≥ 500; (五): other personal information ≥ 5,000; (六): below each threshold but
 * reaching one in proportion when combined; (八): information obtained while performing one's
 * duties or providing services (履行职责或者提供服务过程中获得) — half the thresholds. Second
 * paragraph: ten times the thresholds is 情节特别严重 (especially serious).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../core/errors.ts';

/** Categories in order of sensitivity (lowest threshold first). */
export const LEGAL_CATEGORIES = [
  'whereabouts',
  'communication_content',
  'credit',
  'property',
  'accommodation',
  'communication_records',
  'health',
  'transaction',
  'other',
] as const;
export type LegalCategory = (typeof LEGAL_CATEGORIES)[number];

/** Threshold tier (art. 5 item) of each category, and the tier's base threshold in records. */
export const CATEGORY_TIER: Record<LegalCategory, 3 | 4 | 5> = {
  whereabouts: 3,
  communication_content: 3,
  credit: 3,
  property: 3,
  accommodation: 4,
  communication_records: 4,
  health: 4,
  transaction: 4,
  other: 5,
};
export const TIER_THRESHOLD: Record<3 | 4 | 5, number> = { 3: 50, 4: 500, 5: 5000 };

/** Names of the categories, as the interpretation words them and in English. */
export const CATEGORY_LABELS: Record<LegalCategory, { 'zh-CN': string; en: string }> = {
  whereabouts: { 'zh-CN': '行踪轨迹信息', en: 'whereabouts / movement tracks' },
  communication_content: { 'zh-CN': '通信内容', en: 'content of communications' },
  credit: { 'zh-CN': '征信信息', en: 'credit information' },
  property: { 'zh-CN': '财产信息', en: 'property information' },
  accommodation: { 'zh-CN': '住宿信息', en: 'accommodation information' },
  communication_records: { 'zh-CN': '通信记录', en: 'communication records' },
  health: { 'zh-CN': '健康生理信息', en: 'health and physiological information' },
  transaction: { 'zh-CN': '交易信息', en: 'transaction information' },
  other: { 'zh-CN': '其他公民个人信息', en: 'other personal information' },
};

/** How records are counted; stated in every bundle so a verifier recomputes with the same rules. */
export interface LegalConfig {
  /** Customer field → category. Fields not listed count as `other`. */
  fields: Record<string, LegalCategory>;
  /** Fields an access entry is taken to have disclosed when it names none (imported events). */
  default_fields: string[];
  /** Whether the information was obtained while performing duties / providing services (art. 5 (八)). */
  obtained_in_duty: boolean;
  /** Actions that count as obtaining records (view, search, export, print, update). */
  actions: string[];
}

/**
 * The default mapping for an insurer's customer record (DESIGN §5.3 fields). Identity and contact
 * fields are "other" (5,000); policy, premium and start date describe a transaction with the
 * insurer (交易信息, 500); bank cards and account balances are property (财产信息, 50).
 * Insiders obtain their records in the course of their duties, so halving is on by default.
 */
export const DEFAULT_LEGAL_CONFIG: LegalConfig = {
  fields: {
    name: 'other',
    birth_date: 'other',
    phone: 'other',
    id_number: 'other',
    address: 'other',
    email: 'other',
    product: 'transaction',
    premium: 'transaction',
    start_date: 'transaction',
    bank_card: 'property',
    account_balance: 'property',
    credit_report: 'credit',
    location: 'whereabouts',
    call_records: 'communication_records',
    hotel_stays: 'accommodation',
    medical_records: 'health',
  },
  default_fields: [
    'name',
    'birth_date',
    'phone',
    'id_number',
    'address',
    'email',
    'product',
    'premium',
    'start_date',
  ],
  obtained_in_duty: true,
  actions: ['view', 'search', 'export', 'print', 'update'],
};

const configSchema = z
  .object({
    fields: z.record(z.string().min(1), z.enum(LEGAL_CATEGORIES)).optional(),
    default_fields: z.array(z.string().min(1)).optional(),
    obtained_in_duty: z.boolean().optional(),
    actions: z.array(z.enum(['view', 'search', 'export', 'print', 'update'])).optional(),
  })
  .strict();

/**
 * Validates a mapping document (parsed YAML/JSON): members given replace the defaults, except
 * `fields`, which is merged over the default field mapping. Throws InputError naming the member.
 *
 * @example
 * legalConfigFrom({ fields: { premium: 'property' }, obtained_in_duty: false })
 */
export function legalConfigFrom(doc: unknown, file?: string): LegalConfig {
  const parsed = configSchema.safeParse(doc ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || '(document)';
    throw new InputError(`legal mapping: ${where}: ${issue.message}`, file ? { file } : {});
  }
  const d = parsed.data;
  return {
    fields: { ...DEFAULT_LEGAL_CONFIG.fields, ...(d.fields ?? {}) },
    default_fields: d.default_fields ?? [...DEFAULT_LEGAL_CONFIG.default_fields],
    obtained_in_duty: d.obtained_in_duty ?? DEFAULT_LEGAL_CONFIG.obtained_in_duty,
    actions: d.actions ?? [...DEFAULT_LEGAL_CONFIG.actions],
  };
}

/**
 * Reads a mapping file (YAML, or JSON — JSON is YAML too).
 *
 * @example
 * const config = loadLegalConfig('legal-mapping.yaml');
 */
export function loadLegalConfig(file: string): LegalConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      file,
    });
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const line = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new InputError('not valid YAML or JSON', line ? { file, line } : { file });
  }
  return legalConfigFrom(doc, file);
}

/**
 * The category a field counts in under `config`.
 *
 * @example
 * categoryOf('premium', DEFAULT_LEGAL_CONFIG) // 'transaction'
 */
export function categoryOf(field: string, config: LegalConfig): LegalCategory {
  return config.fields[field] ?? 'other';
}

/**
 * Thresholds of a category: "serious" (情节严重) and "especially serious" (10×), halved when
 * obtained in the course of duties.
 *
 * @example
 * thresholdsOf('other', true) // { serious: 2500, especiallySerious: 25000 }
 */
export function thresholdsOf(
  category: LegalCategory,
  obtainedInDuty: boolean,
): { serious: number; especiallySerious: number } {
  const base = TIER_THRESHOLD[CATEGORY_TIER[category]];
  const serious = obtainedInDuty ? base / 2 : base;
  return { serious, especiallySerious: serious * 10 };
}
