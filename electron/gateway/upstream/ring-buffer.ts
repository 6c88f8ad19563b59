/** Keeps the last `capacity` lines of a child's stderr, so a crash can be explained without unbounded memory. */
export class LineRingBuffer {
  readonly #lines: string[] = [];
  #partial = '';

  readonly capacity: number;
  readonly maxLineLength: number;

  constructor(capacity = 200, maxLineLength = 2000) {
    this.capacity = capacity;
    this.maxLineLength = maxLineLength;
  }

  push(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = (parts.pop() ?? '').slice(0, this.maxLineLength);
    for (const line of parts) this.#add(line);
  }

  #add(line: string): void {
    this.#lines.push(
      line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line,
    );
    if (this.#lines.length > this.capacity) this.#lines.shift();
  }

  /** The newest `count` lines, oldest first, including an unfinished last line. */
  tail(count = this.capacity): string[] {
    const all = this.#partial ? [...this.#lines, this.#partial] : this.#lines;
    return all.slice(-count);
  }
}
