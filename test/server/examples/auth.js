// Stands in for the application's sign-in in the README's relay examples: who sent this request.
// A real app asks its session store; the test signs in by sending EXAMPLE_SESSION as the cookie.

/**
 * @param {Request} request
 * @returns {Promise<string | undefined>} the user's id, or undefined for nobody signed in
 */
export async function signedInUser(request) {
  const session = /(?:^|;\s*)session=([^;]*)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return session && session === process.env.EXAMPLE_SESSION ? 'alice' : undefined;
}
