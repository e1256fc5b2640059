/**
 * Runs the library's corrections one at a time within this process. A correction is several catalog calls (a split
 * creates a person, moves faces, records constraints); two requests interleaving them could act on a person half
 * made or half merged. Reads are not held up.
 */
export class SerialWrites {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(write: () => Promise<T>): Promise<T> {
    const result = this.tail.then(write, write);
    // The chain goes on whether this write succeeded or not; its caller sees its own outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
