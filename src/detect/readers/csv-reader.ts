/**
 * CSV and TSV files: records are tokenized as the decoded text streams in, and every cell is
 * scanned as `header：value` so the column name acts as context (a column 出生日期 makes a bare
 * date a date of birth). Batches of whole records form the units.
 */
import { tokenizeCsv, sniffDelimiter } from './csv-tokenizer.ts';
import { advancePosition, UnitTextBuilder, type ScanUnit } from './scan-unit.ts';
import { looksLikeHeader } from './table-header.ts';
import { DEFAULT_CHUNK_SIZE, FILE_START } from './text-reader.ts';

export interface CsvReadOptions {
  /** `,`, `;` or tab; default: tab for TSV, sniffed from the first line otherwise. */
  delimiter?: string;
  /** UTF-16 units of text per unit (approximate). */
  chunkSize?: number;
}

/**
 * Units of a CSV or TSV file.
 *
 * @example
 * for await (const unit of readCsvUnits('客户.csv', decoded.chunks)) ...
 */
export async function* readCsvUnits(
  path: string,
  chunks: AsyncIterable<string>,
  options: CsvReadOptions = {},
): AsyncGenerator<ScanUnit> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let delimiter = options.delimiter;
  let headers: string[] | undefined;
  let buffer = '';
  let base = FILE_START;

  function* flush(final: boolean): Generator<ScanUnit> {
    if (delimiter === undefined) {
      const nl = buffer.indexOf('\n');
      if (nl < 0 && !final) return;
      delimiter = sniffDelimiter(nl < 0 ? buffer : buffer.slice(0, nl));
    }
    const { records, next } = tokenizeCsv(buffer, 0, delimiter, final);
    if (records.length === 0 && !final) return;
    const builder = new UnitTextBuilder();
    for (const record of records) {
      let context = headers;
      if (headers === undefined) {
        const names = record.fields.map((f) => f.value.trim());
        headers = looksLikeHeader(names) ? names : [];
        context = []; // the header row itself is scanned without context
      }
      record.fields.forEach((f, col) => {
        builder.addValue(context![col], f.value, f.start, f.map);
      });
    }
    const raw = buffer.slice(0, next);
    if (raw.length > 0) yield builder.build(path, raw, base);
    base = advancePosition(base, raw);
    buffer = buffer.slice(next);
  }

  for await (const piece of chunks) {
    buffer += piece;
    if (buffer.length >= chunkSize) yield* flush(false);
  }
  yield* flush(true);
}
