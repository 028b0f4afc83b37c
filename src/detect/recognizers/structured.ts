/** Recognisers for entity types with a fixed syntax (numbers, codes, addresses on the wire). */
import type { Recognizer } from '../recognizer.ts';
import { bankCardRecognizer } from './bank-card.ts';
import { cnHmtPermitRecognizer } from './cn-hmt-permit.ts';
import { cnResidentIdRecognizer } from './cn-resident-id.ts';
import { cnUsccRecognizer } from './cn-uscc.ts';
import { dateOfBirthRecognizer } from './date-of-birth.ts';
import { emailAddressRecognizer } from './email-address.ts';
import { ipAddressRecognizer } from './ip-address.ts';
import { licensePlateRecognizer } from './license-plate.ts';
import { passportRecognizer } from './passport.ts';
import { phoneNumberRecognizer } from './phone-number.ts';
import { qqNumberRecognizer } from './qq-number.ts';
import { wechatIdRecognizer } from './wechat-id.ts';

export const STRUCTURED_RECOGNIZERS: readonly Recognizer[] = [
  cnResidentIdRecognizer,
  phoneNumberRecognizer,
  bankCardRecognizer,
  emailAddressRecognizer,
  cnUsccRecognizer,
  passportRecognizer,
  cnHmtPermitRecognizer,
  dateOfBirthRecognizer,
  ipAddressRecognizer,
  licensePlateRecognizer,
  qqNumberRecognizer,
  wechatIdRecognizer,
];
