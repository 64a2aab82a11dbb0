import type { MongoModels } from './models.js';

/** What every repository of the adapter works with. */
export interface MongoContext {
  /** The models of the open connection; throws before `start()`. */
  models(): MongoModels;
  /**
   * Runs a read-modify-write of one document (`key` names it) so that it does not interleave
   * with another such write of the same document from this process. A pass-through on servers
   * that apply single-document updates atomically (MongoDB); see `KeyedSerializer`.
   */
  serialize<T>(key: string, write: () => Promise<T>): Promise<T>;
  /**
   * True when `serialize` is active (FerretDB 1.x): multi-document updates must then go through
   * it one document at a time, or concurrent `$inc`s on the same document lose increments.
   */
  isSerializing(): boolean;
}

/**
 * Per-key FIFO serialization of async writes, for servers whose single-document updates are not
 * atomic. FerretDB 1.x applies `update` / `findAndModify` as "read the document, apply the
 * operators, write it back" without isolation, so concurrent `$inc` lose increments and a
 * filtered update (compare-and-set) can succeed for several callers. Serializing the adapter's
 * own writes per document makes one process correct; several processes writing the same
 * document on such a server still race (run one instance on FerretDB 1.x; use MongoDB to scale).
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<void>>();
  enabled = false;

  async run<T>(key: string, write: () => Promise<T>): Promise<T> {
    if (!this.enabled) return write();
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await write();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
