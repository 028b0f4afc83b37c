/**
 * Errors only the HTTP layer raises. Everything else maps from src/core/errors.ts in
 * error-handler.ts, the one place where errors become status codes.
 */
import { PiguardError } from '../core/errors.ts';

/**
 * No (valid) credentials on a route that needs them: 401.
 *
 * @example
 * throw new UnauthenticatedError('log in or send a bearer token');
 */
export class UnauthenticatedError extends PiguardError {
  constructor(message = 'authentication required') {
    super(message, 1);
  }
}

/**
 * Too many attempts (login guesses, subject-access codes): 429, with the seconds to wait.
 *
 * @example
 * throw new TooManyRequestsError('too many failed logins; try later', 900);
 */
export class TooManyRequestsError extends PiguardError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message, 1);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/**
 * A cookie-authenticated state-changing request without the `x-piguard-csrf: 1` header: 403.
 *
 * @example
 * throw new CsrfError();
 */
export class CsrfError extends PiguardError {
  constructor() {
    super(
      'state-changing requests with a session cookie must carry the header x-piguard-csrf: 1',
      1,
    );
  }
}
