/**
 * The insurer's fixed catalogue: branches (分公司, each in a province and a city, sized roughly
 * by market), products (险种) with their premium ranges, and the words its systems log —
 * purposes, outcomes and source systems of access events.
 */
import type { Prng } from './prng.ts';

export interface Branch {
  /** As staff and customer files write it: 上海分公司. */
  readonly name: string;
  /** Short form for team names: 上海. */
  readonly short: string;
  /** Province code (GB/T 2260) where most of its customers live. */
  readonly province: string;
  /** City code of the branch's seat. */
  readonly city: string;
  /** Relative size. */
  readonly weight: number;
}

/** Branches in the order an insurer of growing size would open them. */
export const BRANCHES: readonly Branch[] = [
  { name: '上海分公司', short: '上海', province: '31', city: '3101', weight: 1.3 },
  { name: '北京分公司', short: '北京', province: '11', city: '1101', weight: 1.2 },
  { name: '广东分公司', short: '广东', province: '44', city: '4401', weight: 1.4 },
  { name: '江苏分公司', short: '江苏', province: '32', city: '3201', weight: 1.2 },
  { name: '浙江分公司', short: '浙江', province: '33', city: '3301', weight: 1.1 },
  { name: '深圳分公司', short: '深圳', province: '44', city: '4403', weight: 1.0 },
  { name: '山东分公司', short: '山东', province: '37', city: '3701', weight: 1.0 },
  { name: '四川分公司', short: '四川', province: '51', city: '5101', weight: 0.9 },
  { name: '河南分公司', short: '河南', province: '41', city: '4101', weight: 0.9 },
  { name: '湖北分公司', short: '湖北', province: '42', city: '4201', weight: 0.8 },
  { name: '福建分公司', short: '福建', province: '35', city: '3501', weight: 0.7 },
  { name: '湖南分公司', short: '湖南', province: '43', city: '4301', weight: 0.7 },
];

export interface Product {
  readonly name: string;
  /** Annual premium range, yuan. */
  readonly min: number;
  readonly max: number;
  /** Share of policies. */
  readonly weight: number;
  /** Relative claim frequency. */
  readonly claims: number;
}

export const PRODUCTS: readonly Product[] = [
  { name: '福享终身寿险', min: 3000, max: 60000, weight: 10, claims: 0.2 },
  { name: '安心定期寿险', min: 500, max: 6000, weight: 8, claims: 0.2 },
  { name: '康宁重大疾病保险', min: 2000, max: 25000, weight: 18, claims: 1 },
  { name: '百万医疗保险', min: 200, max: 1800, weight: 20, claims: 3 },
  { name: '住院医疗保险', min: 300, max: 2500, weight: 8, claims: 2.5 },
  { name: '综合意外伤害保险', min: 100, max: 1200, weight: 12, claims: 1.5 },
  { name: '鑫福年金保险', min: 5000, max: 120000, weight: 8, claims: 0.1 },
  { name: '金盈两全保险', min: 3000, max: 36000, weight: 6, claims: 0.2 },
  { name: '少儿教育金保险', min: 3000, max: 24000, weight: 5, claims: 0.3 },
  { name: '个人养老年金保险', min: 6000, max: 60000, weight: 5, claims: 0.1 },
];

/**
 * An annual premium for a product: log-uniform in its range, rounded as premiums are.
 *
 * @example
 * premiumFor(new Prng(1), PRODUCTS[0]!) // e.g. '12360.00'
 */
export function premiumFor(r: Prng, p: Product): string {
  const x = p.min * Math.pow(p.max / p.min, r.float());
  const step = x > 10000 ? 100 : x > 1000 ? 10 : 1;
  return (Math.round(x / step) * step).toFixed(2);
}

/** Actions, purposes, outcomes and sources as the event writer indexes them. */
export const ACTIONS = ['view', 'search', 'export', 'print', 'update'] as const;
export const ACTION = { view: 0, search: 1, export: 2, print: 3, update: 4 } as const;

export const PURPOSES = [
  'customer_service',
  'renewal',
  'sales',
  'team_supervision',
  'underwriting',
  'claims',
  'quality_review',
  'it_support',
  'internal_audit',
  'handover',
  'training',
] as const;
export type Purpose = (typeof PURPOSES)[number];
export const PURPOSE: Readonly<Record<Purpose, number>> = Object.fromEntries(
  PURPOSES.map((p, i) => [p, i]),
) as Record<Purpose, number>;

/** Index 0 is "no outcome". */
export const OUTCOMES = [
  '',
  'renewal_call_logged',
  'service_request_logged',
  'visit_logged',
  'team_review_logged',
  'underwriting_decision',
  'claim_step',
  'qa_review_filed',
  'call_logged',
  'ticket_resolved',
  'audit_workpaper',
  'handover_review',
  'training_case',
  'renewal_list_prepared',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME: Readonly<Record<Exclude<Outcome, ''>, number>> = Object.fromEntries(
  OUTCOMES.map((o, i) => [o, i]).slice(1),
) as Record<Exclude<Outcome, ''>, number>;

export const SOURCES = ['crm', 'core', 'claims', 'qa', 'telephony', 'itsm', 'vpn'] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE: Readonly<Record<Source, number>> = Object.fromEntries(
  SOURCES.map((s, i) => [s, i]),
) as Record<Source, number>;
