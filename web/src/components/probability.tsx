/**
 * A false-accusation probability as a person reads it: `1.2 × 10⁻³⁶` with a real superscript,
 * plain decimals from 0.001 up. The exact value is kept in `data-value` (and the tooltip).
 */
import { formatProbability } from '../format.ts';

/**
 * @example
 * <Probability p={1.2e-36} />
 */
export function Probability({ p }: { p: number }) {
  const text = formatProbability(p);
  const m = /^(.+) × 10\^(-?\d+)$/.exec(text);
  return (
    <span data-testid="probability" data-value={String(p)} title={p.toExponential(3)}>
      {m === null ? (
        text
      ) : (
        <>
          {m[1]} × 10<sup>{m[2]}</sup>
        </>
      )}
    </span>
  );
}
