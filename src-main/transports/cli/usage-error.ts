/** A mistake in how the command was typed (exit status 2), as opposed to an error of the work itself. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help to point at. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
