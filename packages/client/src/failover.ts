/**
 * Chooses which server URL the next connection attempt uses: stays on a URL that worked, moves to
 * the next one after an attempt that never opened.
 */
export class UrlRotation {
  private index = 0;
  private hasOpened = false;

  constructor(private readonly urls: readonly string[]) {
    if (urls.length === 0) throw new Error('createMessageCenterClient: at least one url is required');
  }

  /** The URL for the next attempt. */
  current(): string {
    return this.urls[this.index % this.urls.length]!;
  }

  opened(): void {
    this.hasOpened = true;
  }

  closed(): void {
    if (!this.hasOpened) this.index = (this.index + 1) % this.urls.length;
    this.hasOpened = false;
  }
}
