/**
 * A problem with what the user asked for (a parameter out of range, a malformed list, a path that
 * cannot be written). The CLI prints its message as one line and exits with code 2.
 */
export class InputError extends Error {
  /** Always "InputError", so the error can be told apart without instanceof. */
  override readonly name = "InputError";
}
