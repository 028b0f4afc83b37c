/**
 * Numbers written out to beat number filters: Chinese numerals (四七零八三…, 叁贰柒…) and keycap
 * emoji (1⃣9⃣8⃣). A seller's QQ number is the same number however it is spelled, and both the
 * contact extractor and the classifier's text must see digits.
 */

/** Chinese numerals (plain and financial forms) and the digit each stands for. */
const HAN_DIGITS: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  一: '1',
  壹: '1',
  幺: '1',
  二: '2',
  贰: '2',
  两: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};
// Five or more in a row is a number written out, never ordinary prose ("一二三" is).
const HAN_DIGIT_RUN = /[〇零一壹幺二贰两三叁四肆五伍六陆七柒八捌九玖]{5,}/g;

/**
 * Replaces runs of five or more Chinese numerals with ASCII digits, one for one, so the length of
 * the text (and every offset in it) is unchanged.
 *
 * @example
 * hanDigitsToAscii('扣扣：四七零八三二九一五六') // '扣扣：4708329156'
 * hanDigitsToAscii('一二三木头人') // '一二三木头人'
 */
export function hanDigitsToAscii(text: string): string {
  HAN_DIGIT_RUN.lastIndex = 0;
  if (!HAN_DIGIT_RUN.test(text)) return text;
  HAN_DIGIT_RUN.lastIndex = 0;
  return text.replace(HAN_DIGIT_RUN, (run) => Array.from(run, (c) => HAN_DIGITS[c] ?? c).join(''));
}
