/**
 * Decides whether a post offers or seeks personal data, with a transparent weighted score: each
 * signal found adds (or, for the negative ones, subtracts) a fixed weight per hit up to a cap, the
 * sum goes through a logistic function, and a post is `pi_trade` when the result reaches 0.5.
 * Every contribution is returned, so a monitor can see *why* a post was flagged.
 *
 * The weights reward combinations, not single words: a trading verb next to goods, a customer
 * group next to goods, a price per record, a contact handle. News, warnings, tips, legitimate ads,
 * second-hand goods and job posts carry their own vocabulary, which pulls the score down.
 */
import { extractContacts, type Contact } from './contact-extractor.ts';
import { normalizePost } from './evasion-normalizer.ts';
import { toMatchingView } from './matching-view.ts';
import * as lex from './signal-lexicon.ts';
import type { SignalName } from './signal-lexicon.ts';

/** Labels of DESIGN §5.2. */
export type PostLabel = 'pi_trade' | 'other';

/** One signal found in a post and what it added to the logit. */
export interface Signal {
  name: SignalName;
  /** Contribution to the logit (negative for signals against trading). */
  weight: number;
  /** The normalised words or phrases that matched (at most a few). */
  terms: string[];
}

export interface PostClassification {
  label: PostLabel;
  /** Probability-like score in [0, 1], rounded to 3 decimals. */
  score: number;
  signals: Signal[];
  contacts: Contact[];
}

interface SignalRule {
  name: SignalName;
  /** Logit added per distinct hit. */
  perHit: number;
  /** Most distinct hits counted. */
  maxHits: number;
}

/**
 * The scoring model. Weights were set by hand against the project's corpus and reasoning about
 * the held-out case; they are constants so that a report can cite them.
 */
export const SIGNAL_RULES: Readonly<Record<SignalName, SignalRule>> = {
  trade_phrase: { name: 'trade_phrase', perHit: 3, maxHits: 1 },
  subject_goods: { name: 'subject_goods', perHit: 2.5, maxHits: 1 },
  offer: { name: 'offer', perHit: 1, maxHits: 1 },
  seek: { name: 'seek', perHit: 1, maxHits: 1 },
  goods: { name: 'goods', perHit: 0.5, maxHits: 2 },
  subject: { name: 'subject', perHit: 0.5, maxHits: 2 },
  quality: { name: 'quality', perHit: 0.8, maxHits: 3 },
  price: { name: 'price', perHit: 2.5, maxHits: 1 },
  bulk: { name: 'bulk', perHit: 1, maxHits: 1 },
  lookup_service: { name: 'lookup_service', perHit: 3, maxHits: 2 },
  sales_use: { name: 'sales_use', perHit: 0.8, maxHits: 2 },
  contact: { name: 'contact', perHit: 1.5, maxHits: 1 },
  contact_cue: { name: 'contact_cue', perHit: 0.5, maxHits: 2 },
  sample_rows: { name: 'sample_rows', perHit: 1, maxHits: 1 },
  news: { name: 'news', perHit: -2, maxHits: 4 },
  warning: { name: 'warning', perHit: -2, maxHits: 3 },
  privacy_tip: { name: 'privacy_tip', perHit: -1, maxHits: 3 },
  legit_ad: { name: 'legit_ad', perHit: -1.2, maxHits: 3 },
  second_hand: { name: 'second_hand', perHit: -1.5, maxHits: 3 },
  job: { name: 'job', perHit: -1.5, maxHits: 3 },
  innocent_goods: { name: 'innocent_goods', perHit: -1, maxHits: 2 },
  reported: { name: 'reported', perHit: -1.5, maxHits: 3 },
  fields: { name: 'fields', perHit: 1, maxHits: 2 },
  quoted: { name: 'quoted', perHit: -1.5, maxHits: 2 },
  ad_structure: { name: 'ad_structure', perHit: 1.5, maxHits: 1 },
  commerce: { name: 'commerce', perHit: 1.5, maxHits: 1 },
  catalogue: { name: 'catalogue', perHit: 1.5, maxHits: 1 },
  terse_ad: { name: 'terse_ad', perHit: 1.5, maxHits: 1 },
};

/** Logit of a post with no signal at all. */
export const BIAS = -4.5;
/** Sum of negative weights from which the ad-shape bonuses no longer apply. */
export const OTHER_GENRE_LIMIT = -2;
/** Score from which a post is labelled `pi_trade`. */
export const THRESHOLD = 0.5;
/**
 * Longest compact text (characters) that counts as a terse ad: "车主 资料 出 V" says in a few
 * words what a pitch says in many, and reports or warnings are never that short.
 */
export const TERSE_AD_MAX_CHARS = 24;

const PATTERN_SIGNALS: ReadonlyArray<[SignalName, RegExp]> = [
  ['trade_phrase', lex.TRADE_PHRASE_RE],
  ['subject_goods', lex.SUBJECT_GOODS_RE],
  ['offer', lex.OFFER_RE],
  ['seek', lex.SEEK_RE],
  ['subject', lex.SUBJECT_RE],
  ['quality', lex.QUALITY_RE],
  ['sales_use', lex.SALES_USE_RE],
  ['contact_cue', lex.CONTACT_CUE_RE],
  ['news', lex.NEWS_RE],
  ['warning', lex.WARNING_RE],
  ['privacy_tip', lex.PRIVACY_TIP_RE],
  ['second_hand', lex.SECOND_HAND_RE],
  ['job', lex.JOB_RE],
  ['reported', lex.REPORTED_RE],
];

function distinctMatches(re: RegExp, text: string, limit: number): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    if (!out.includes(m[0])) out.push(m[0]);
    if (out.length >= limit) break;
  }
  re.lastIndex = 0;
  return out;
}

const GOODS_TEST_RE = new RegExp(lex.GOODS_RE.source);
const INNOCENT_WITH_SUBJECT_RE = new RegExp(
  `(?:${lex.SUBJECT_RE.source})?(?:${lex.INNOCENT_GOODS_RE.source})`,
  'g',
);

/**
 * Classifies one post.
 *
 * @example
 * const r = classifyPost('長期出 車主zl，精準實時，加V：car_data88');
 * r.label // 'pi_trade'
 * r.contacts[0] // { kind: 'wechat', value: 'car_data88', ... }
 */
export function classifyPost(text: string): PostClassification {
  const view = toMatchingView(text);
  const { spaced, compact: rawCompact } = normalizePost(text, view);
  const signals: Signal[] = [];
  const push = (name: SignalName, terms: string[], hits = terms.length): void => {
    if (terms.length === 0) return;
    const rule = SIGNAL_RULES[name];
    const weight = Math.round(rule.perHit * Math.min(hits, rule.maxHits) * 100) / 100;
    // Terms are lexicon words and short pattern matches; long digit runs are blanked anyway so
    // that a report's reasons can never carry a number from the post.
    signals.push({ name, weight, terms: terms.slice(0, 5).map((t) => t.replace(/\d{5,}/g, '#')) });
  };

  // Innocent compounds are blanked so that their goods word cannot take part in any pattern.
  const innocent = distinctMatches(lex.INNOCENT_GOODS_RE, rawCompact, 5);
  // A customer group right before the compound is its audience ("公务员考试资料"), not goods.
  const compact = innocent.length ? rawCompact.replace(INNOCENT_WITH_SUBJECT_RE, '□') : rawCompact;
  push('innocent_goods', innocent);

  for (const [name, re] of PATTERN_SIGNALS) {
    push(name, distinctMatches(re, compact, SIGNAL_RULES[name].maxHits + 2));
  }
  push('fields', [
    ...distinctMatches(lex.FIELDS_RE, compact, 3),
    ...distinctMatches(lex.FIELD_LIST_RE, compact, 2),
  ]);
  // Look-up services: an explicit service word, or a verb of looking up with two things found.
  const services = distinctMatches(lex.LOOKUP_SERVICE_RE, compact, 4);
  // Targets count with a verb of looking up (two needed), with a service claim ("30分钟出",
  // one is enough), or as a menu of three ("轨迹 开房 户籍").
  const targets = distinctMatches(lex.LOOKUP_TARGET_RE, compact, 4);
  const verb = lex.LOOKUP_VERB_RE.test(compact);
  const claim = lex.LOOKUP_CLAIM_RE.test(compact);
  const targetsCount =
    (verb && targets.length >= 2) || (claim && targets.length >= 1) || targets.length >= 3;
  if (services.length > 0 || targetsCount) {
    push('lookup_service', [...new Set([...services, ...(verb || targetsCount ? targets : [])])]);
  }
  const strong = distinctMatches(lex.STRONG_GOODS_RE, compact, 2);
  const goods = distinctMatches(lex.GOODS_RE, compact, 2);
  // Strong goods count double: a bare 信息 or 数据 says much less than 资料 or 名单.
  push('goods', strong.length ? strong : goods, strong.length ? 2 : goods.length);

  // Prices and samples need the digits, dots, slashes and asterisks the compact form drops.
  const dense = spaced.replace(/\s+/g, '');
  push('price', distinctMatches(lex.PRICE_RE, dense, 1));
  push('bulk', distinctMatches(lex.BULK_RE, dense, 1));
  // Reported as the goods word quoted, not the quotation, which might hold anything.
  const quotedGoods: string[] = [];
  for (const q of distinctMatches(lex.QUOTED_RE, dense, 4)) {
    const word = GOODS_TEST_RE.exec(normalizePost(q).compact);
    if (word) quotedGoods.push(`“${word[0]}”`);
  }
  push('quoted', quotedGoods);
  const rows = distinctMatches(lex.SAMPLE_ROW_RE, dense, 3);
  if (rows.length >= 2) push('sample_rows', ['×' + rows.length]);

  const contacts = extractContacts(text, view);
  const reachable = contacts.filter((c) => c.kind !== 'hotline');
  push(
    'contact',
    reachable.map((c) => c.kind),
  );
  // A service hotline (400/800/95xxx) is one more mark of a legitimate business.
  const legit = distinctMatches(lex.LEGIT_AD_RE, compact, SIGNAL_RULES.legit_ad.maxHits + 2);
  if (contacts.some((c) => c.kind === 'hotline')) legit.push('hotline');
  push('legit_ad', legit);

  // The shape of an ad: someone offers or asks, says for whom or what, and how to reach them.
  // A report, a warning or a job post may describe that shape too, so the bonuses apply only
  // when the post carries no more than one weak word of another genre (an ad's "欢迎咨询").
  const has = (n: SignalName): boolean => signals.some((x) => x.name === n);
  const otherGenre = signals.reduce(
    (sum, x) => (x.name === 'innocent_goods' ? sum : sum + Math.min(0, x.weight)),
    0,
  );
  const reportLike = otherGenre <= OTHER_GENRE_LIMIT;
  if (
    !reportLike &&
    (has('offer') || has('seek') || has('trade_phrase')) &&
    (has('subject') || has('goods')) &&
    has('contact')
  ) {
    push('ad_structure', ['offer+goods+contact']);
  }
  // Several customer groups in one post read as a catalogue ("股民、车主、宝妈都有").
  const subjects = signals.find((x) => x.name === 'subject');
  if (!reportLike && subjects && subjects.terms.length >= 3) push('catalogue', ['subjects×3']);
  // Goods offered or asked for, described as merchandise: how good, how many, how much.
  if (
    !reportLike &&
    (has('offer') || has('seek') || has('trade_phrase')) &&
    // A customer group alone stands for goods only when something is on offer.
    (has('goods') ||
      has('subject_goods') ||
      (has('subject') && (has('offer') || has('trade_phrase')))) &&
    (has('quality') || has('price') || has('bulk') || has('fields'))
  ) {
    push('commerce', ['trade+goods+terms']);
  }

  // A terse ad: goods named and a way to reach the poster, in a handful of characters and with
  // no word of another genre. Long posts need the other combinations above.
  if (
    otherGenre === 0 &&
    !has('innocent_goods') &&
    compact.replace(/\d+|\|/g, '').length <= TERSE_AD_MAX_CHARS &&
    (has('subject_goods') || has('trade_phrase')) &&
    (has('contact') || has('contact_cue') || has('offer') || has('seek'))
  ) {
    push('terse_ad', ['short+goods+reach']);
  }

  const logit = signals.reduce((sum, s) => sum + s.weight, BIAS);
  const score = Math.round(1000 / (1 + Math.exp(-logit))) / 1000;
  return { label: score >= THRESHOLD ? 'pi_trade' : 'other', score, signals, contacts };
}
