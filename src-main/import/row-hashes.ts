/**
 * Finds exact duplicate rows in a file of millions of rows without keeping the rows: each row is
 * reduced to a 64-bit hash (two 32-bit lanes of cyrb53, bryc's public-domain string hash, with each
 * field's length mixed in so "a","bc" and "ab","c" differ) and an open-addressing table maps hash →
 * first line. 12 bytes a slot, at most 70 % full: 2,000,000 rows take 4,194,304 slots = 48 MiB
 * (a Map of numbers would take three to four times that).
 *
 * Two different rows are taken for duplicates only when their hashes collide. For n rows the chance of
 * any collision in a file is about n² / 2⁶⁵ (birthday bound): 1 in 9 million for 2,000,000 rows,
 * 1 in 7.5 billion for 70,000. A collision would reject one row as a duplicate of a row it is not; the
 * rejected-rows CSV lists it with the line it was taken to repeat, so it can be checked.
 */
export class RowHashes {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private lines: Uint32Array;
  private mask: number;
  private size = 0;

  /** `expectedRows` sizes the table once (the importer knows the row count from its first pass). */
  constructor(expectedRows = 0) {
    let capacity = 1024;
    while (capacity * 0.7 < expectedRows) capacity *= 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Remembers a row first seen on `line` (≥ 1); returns the line of an earlier equal row, or 0. */
  firstLineOf(fields: readonly string[], line: number): number {
    hashFields(fields);
    const hi = hash1;
    const lo = hash2;
    let slot = lo & this.mask;
    for (;;) {
      const seen = this.lines[slot] as number;
      if (seen === 0) break;
      if (this.hi[slot] === hi && this.lo[slot] === lo) return seen;
      slot = (slot + 1) & this.mask;
    }
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.lines[slot] = line;
    this.size += 1;
    if (this.size > (this.mask + 1) * 0.7) this.grow();
    return 0;
  }

  private grow(): void {
    const { hi, lo, lines } = this;
    const capacity = (this.mask + 1) * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === 0) continue;
      let slot = (lo[i] as number) & this.mask;
      while (this.lines[slot] !== 0) slot = (slot + 1) & this.mask;
      this.hi[slot] = hi[i] as number;
      this.lo[slot] = lo[i] as number;
      this.lines[slot] = lines[i] as number;
    }
  }
}

// The hash of the last row, in two module variables rather than a fresh array per row.
let hash1 = 0;
let hash2 = 0;

function hashFields(fields: readonly string[]): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f] as string;
    for (let i = 0; i < field.length; i++) {
      const ch = field.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (field.length + 0x9e3779b9), 2654435761);
    h2 = Math.imul(h2 ^ (field.length + 0x7f4a7c15), 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hash1 = h1 >>> 0;
  hash2 = h2 >>> 0;
}
