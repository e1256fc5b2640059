/**
 * What went wrong with a request to the library, in terms the CLI prints and the HTTP server maps: each class
 * carries the status it becomes (fastify's error handler answers a 4xx `statusCode` with its message), so routes
 * need no table of their own and the CLI shows the same sentence.
 */
export class LibraryRequestError extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 404 | 409,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A person, face or photo id that the library does not hold. */
export class NotFoundError extends LibraryRequestError {
  constructor(message: string) {
    super(message, 404);
  }
}

/** The request contradicts the library's current state: a name taken, a face no longer in the person. */
export class ConflictError extends LibraryRequestError {
  constructor(message: string) {
    super(message, 409);
  }
}

/** A request that can never succeed as written, whatever the library holds (merge a person into themselves). */
export class InvalidRequestError extends LibraryRequestError {
  constructor(message: string) {
    super(message, 400);
  }
}
