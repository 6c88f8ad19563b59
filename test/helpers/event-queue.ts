/** Events as they arrive, taken in order by whoever awaits them: tests wait for events, never sleep. */
export class EventQueue<T> {
  readonly #items: T[] = [];
  readonly #waiters: Array<{ match: (item: T) => boolean; resolve: (item: T) => void }> = [];

  /** Hands the item to the first waiter it matches, else keeps it. */
  push = (item: T): void => {
    const index = this.#waiters.findIndex((waiter) => waiter.match(item));
    if (index >= 0) this.#waiters.splice(index, 1)[0]!.resolve(item);
    else this.#items.push(item);
  };

  /** The first kept item that matches (removing it), or the next one to arrive. */
  take(match: (item: T) => boolean = () => true): Promise<T> {
    const index = this.#items.findIndex(match);
    if (index >= 0) return Promise.resolve(this.#items.splice(index, 1)[0]!);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** Like `take`, for ordered streams: kept items before the match are dropped as stale. */
  next(match: (item: T) => boolean = () => true): Promise<T> {
    const index = this.#items.findIndex(match);
    if (index >= 0) return Promise.resolve(this.#items.splice(0, index + 1).at(-1)!);
    this.#items.length = 0;
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** What arrived and nobody took yet. */
  get unclaimed(): T[] {
    return [...this.#items];
  }

  clear(): void {
    this.#items.length = 0;
  }
}
