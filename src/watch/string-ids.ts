/**
 * Small integer ids for strings found inside a larger text (a page of the SQLite reader), looked
 * up where they lie — hashed and compared in place — and cut out only the first time they are
 * seen. The reader thread uses it so that the main thread receives integers, not ids to hash.
 */

/**
 * FNV-1a over the UTF-16 code units of `text[start, end)`.
 *
 * @example
 * fnv1a('abc', 0, 3) === fnv1a('xabc', 1, 4) // true
 */
export function fnv1a(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * @example
 * const ids = new StringIds();
 * ids.id('a|b', 2, 3); // 0 (new: ids.fresh is ['b'])
 * ids.id('b', 0, 1); // 0
 */
export class StringIds {
  /** Strings given an id since {@link takeFresh}, in id order. */
  #fresh: string[] = [];
  #slots = new Int32Array(1 << 10).fill(-1);
  #hashes = new Int32Array(1 << 9);
  readonly #names: string[] = [];

  /** Number of ids given. */
  get size(): number {
    return this.#names.length;
  }

  /** The id of `text[start, end)`, given on first sight. */
  id(text: string, start: number, end: number): number {
    const h = fnv1a(text, start, end);
    const slots = this.#slots;
    const mask = slots.length - 1;
    const len = end - start;
    let i = h & mask;
    for (let id = slots[i]!; id >= 0; id = slots[i]!) {
      if (this.#hashes[id] === h) {
        const name = this.#names[id]!;
        if (name.length === len && text.startsWith(name, start)) return id;
      }
      i = (i + 1) & mask;
    }
    const id = this.#names.length;
    const name = text.slice(start, end);
    this.#names.push(name);
    this.#fresh.push(name);
    if (id === this.#hashes.length) {
      const b = new Int32Array(id * 2);
      b.set(this.#hashes);
      this.#hashes = b;
    }
    this.#hashes[id] = h;
    slots[i] = id;
    if ((id + 1) * 2 > slots.length) this.#rehash();
    return id;
  }

  /** The strings given ids since the last call (their ids follow on from the previous ones). */
  takeFresh(): string[] {
    const out = this.#fresh;
    this.#fresh = [];
    return out;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.#names.length; id++) {
      let i = this.#hashes[id]! & mask;
      while (slots[i]! >= 0) i = (i + 1) & mask;
      slots[i] = id;
    }
    this.#slots = slots;
  }
}
