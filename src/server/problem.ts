/**
 * An error a client caused or can act on: it becomes `{ error, detail }` with its status code, and the server
 * goes on serving. Everything else is a 500 that is logged with its stack.
 */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${detail}`);
    this.name = 'HttpProblem';
  }
}

export const badRequest = (detail: string): HttpProblem => new HttpProblem(400, 'bad request', detail);
export const notFound = (detail: string): HttpProblem => new HttpProblem(404, 'not found', detail);
export const conflict = (detail: string): HttpProblem => new HttpProblem(409, 'conflict', detail);
export const busy = (detail: string, retryAfterSeconds: number): HttpProblem =>
  new HttpProblem(503, 'busy', detail, { 'retry-after': String(retryAfterSeconds) });
