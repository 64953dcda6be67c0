// The widget's one error type.

/** An error from the server or the engine, with the engine's code when there is one. */
export class JamError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code || 'error';
    this.status = status || 0;
  }
}
