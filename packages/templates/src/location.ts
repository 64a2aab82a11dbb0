/** Where something sits in a template source: 1-based line and column, 0-based offset. */
export interface SourceSpan {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units (as JavaScript strings and code editors count). */
  readonly column: number;
  /** 0-based index into the source string. */
  readonly offset: number;
  /** Number of UTF-16 code units covered (0 for a point). */
  readonly length: number;
}

/**
 * Converts offsets into line/column positions. Line starts are computed once per source so that
 * many diagnostics on one template cost a binary search each.
 */
export class LineMap {
  private readonly lineStarts: number[] = [0];

  constructor(readonly source: string) {
    for (let i = 0; i < source.length; i++) {
      if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /** The span starting at `offset` and covering `length` code units. */
  span(offset: number, length: number): SourceSpan {
    const clamped = Math.max(0, Math.min(offset, this.source.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return {
      line: low + 1,
      column: clamped - this.lineStarts[low]! + 1,
      offset: clamped,
      length: Math.max(0, Math.min(length, this.source.length - clamped)),
    };
  }
}
