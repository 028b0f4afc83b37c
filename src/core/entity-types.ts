/**
 * The entity types of DESIGN §5.1. This list is a contract: add to it, never rename or remove.
 */
export const ENTITY_TYPES = [
  'CN_RESIDENT_ID',
  'PHONE_NUMBER',
  'BANK_CARD',
  'EMAIL_ADDRESS',
  'CN_USCC',
  'PASSPORT',
  'CN_HMT_PERMIT',
  'PERSON_NAME',
  'ADDRESS',
  'DATE_OF_BIRTH',
  'IP_ADDRESS',
  'LICENSE_PLATE',
  'QQ_NUMBER',
  'WECHAT_ID',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

/** Types whose values follow a fixed syntax that can be validated without language models. */
export const STRUCTURED_TYPES: readonly EntityType[] = [
  'CN_RESIDENT_ID',
  'PHONE_NUMBER',
  'BANK_CARD',
  'EMAIL_ADDRESS',
  'CN_USCC',
  'PASSPORT',
  'CN_HMT_PERMIT',
  'IP_ADDRESS',
  'LICENSE_PLATE',
];

/** Narrows a string to an EntityType. */
export function isEntityType(s: string): s is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(s);
}
