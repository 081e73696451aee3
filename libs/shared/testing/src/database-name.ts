/**
 * Refuses to run a test against a database whose name does not say "test": a mistyped URL must
 * never let a test suite wipe a real register.
 */
export function assertTestDatabase(name: string): void {
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test".`);
  }
}
